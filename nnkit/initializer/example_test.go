package initializer_test

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/nnbook/nnbook/nnkit/initializer"
)

// Xavier (σ = 1/√n) for sigmoid and tanh layers, He (σ = √(2/n)) for ReLU
// layers, n being the number of inputs (lecture, "weight initialisation").
// With the same seed the He weights are the Xavier ones times √2.
func ExampleHeNormal() {
	for _, init := range []initializer.Initializer{initializer.XavierNormal{}, initializer.HeNormal{}} {
		w := mat.NewDense(2, 3, nil) // 2 inputs, 3 units
		init.Fill(w, rand.New(rand.NewPCG(1, 1)))
		fmt.Printf("%v:\n%.4f\n", init, mat.Formatted(w))
	}
	// Output:
	// xavier-normal:
	// ⎡ 0.6409   0.3139  -0.5538⎤
	// ⎣ 0.4674  -0.0679  -0.7164⎦
	// he-normal:
	// ⎡ 0.9064   0.4440  -0.7832⎤
	// ⎣ 0.6609  -0.0961  -1.0131⎦
}

func ExampleXavierNormal() {
	w := mat.NewDense(100, 50, nil) // 100 inputs: σ = 0.1
	initializer.XavierNormal{}.Fill(w, rand.New(rand.NewPCG(1, 1)))
	fmt.Printf("std %.3f\n", stat.StdDev(w.RawMatrix().Data, nil))
	// Output:
	// std 0.099
}

func ExampleGlorotUniform() {
	w := mat.NewDense(2, 2, nil)
	initializer.GlorotUniform{}.Fill(w, rand.New(rand.NewPCG(1, 1)))
	fmt.Printf("%.4f\n", mat.Formatted(w)) // within ±√(6/4) ≈ ±1.2247
	// Output:
	// ⎡-0.3912   1.0042⎤
	// ⎣ 0.8054   0.7920⎦
}

func ExampleConstant() {
	w := mat.NewDense(1, 3, nil)
	initializer.Constant{Value: 0.1}.Fill(w, nil)
	fmt.Println(mat.Formatted(w))
	// Output:
	// [0.1  0.1  0.1]
}

func ExampleUniform() {
	w := mat.NewDense(1, 4, nil)
	u := initializer.Uniform{Low: -0.05, High: 0.05}
	u.Fill(w, rand.New(rand.NewPCG(1, 1)))
	fmt.Printf("%v %.4f\n", u, mat.Formatted(w))
	// Output:
	// uniform(-0.05, 0.05) [-0.0160   0.0410   0.0329   0.0323]
}

// GlorotNormal is PyTorch's xavier_normal_: σ = √(2/(n+m)) averages the
// fan-in n and fan-out m, where the lecture's XavierNormal uses 1/√n.
func ExampleGlorotNormal() {
	w := mat.NewDense(100, 300, nil) // σ = √(2/400) ≈ 0.0707; the lecture's 1/√100 = 0.1
	initializer.GlorotNormal{}.Fill(w, rand.New(rand.NewPCG(1, 1)))
	fmt.Printf("%v std %.3f\n", initializer.GlorotNormal{}, stat.StdDev(w.RawMatrix().Data, nil))
	// Output:
	// glorot-normal std 0.071
}

// HeUniform draws from U(−√(6/n), √(6/n)): the variance 2/n of HeNormal,
// PyTorch's kaiming_uniform_ for ReLU.
func ExampleHeUniform() {
	w := mat.NewDense(150, 200, nil) // a = √(6/150) = 0.2, std = a/√3 ≈ 0.1155
	initializer.HeUniform{}.Fill(w, rand.New(rand.NewPCG(1, 1)))
	fmt.Printf("%v std %.3f max %.3f\n", initializer.HeUniform{}, stat.StdDev(w.RawMatrix().Data, nil), mat.Max(w))
	// Output:
	// he-uniform std 0.115 max 0.200
}
