package layer_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/initializer"
	"github.com/nnbook/nnbook/nnkit/layer"
)

// A Dense layer computes y = x·W + b for a batch of samples (one per row).
func ExampleDense() {
	d := layer.NewDense(3, 2)
	x := mat.NewDense(2, 3, []float64{1, 0, -1, 0.5, 0.5, 0.5})
	y := d.Forward(x, nnkit.Eval)
	fmt.Println(d, d.W, d.B)
	fmt.Printf("%.4f\n", mat.Formatted(y))
	// Output:
	// Dense(3→2) W(3×2) b(1×2)
	// ⎡0.5788  0.8412⎤
	// ⎣0.0078  0.0265⎦
}

// NewDenseWith chooses the initializer and its seed: He for ReLU networks.
func ExampleNewDenseWith() {
	d := layer.NewDenseWith(layer.DenseConfig{In: 2, Out: 3, Init: initializer.HeNormal{}, Seed: 42})
	fmt.Printf("%v %v\n%.4f\n", d, d.Config().Init, mat.Formatted(d.W.Value))
	// Output:
	// Dense(2→3) he-normal
	// ⎡-0.2728  -1.0647  -1.2109⎤
	// ⎣ 1.8652   0.2946   1.6478⎦
}

// Dropout drops elements only while training and rescales the survivors.
func ExampleDropout() {
	d := layer.NewDropout(0.5, 1)
	x := mat.NewDense(1, 6, []float64{1, 1, 1, 1, 1, 1})
	fmt.Println(d)
	fmt.Println("train", mat.Formatted(d.Forward(x, nnkit.Train)))
	fmt.Println("eval ", mat.Formatted(d.Forward(x, nnkit.Eval)))
	// Output:
	// Dropout(p=0.5)
	// train [0  2  2  2  0  2]
	// eval  [1  1  1  1  1  1]
}

// BatchNorm gives every feature of a training batch mean 0 and variance 1.
func ExampleBatchNorm() {
	b := layer.NewBatchNorm(2)
	x := mat.NewDense(3, 2, []float64{1, 10, 2, 20, 3, 30})
	fmt.Println(b)
	fmt.Printf("%.4f\n", mat.Formatted(b.Forward(x, nnkit.Train)))
	fmt.Printf("running mean %.4f\n", mat.Formatted(b.RunningMean))
	// Output:
	// BatchNorm(2, ρ=0.9, ε=1e-05)
	// ⎡-1.2247  -1.2247⎤
	// ⎢ 0.0000   0.0000⎥
	// ⎣ 1.2247   1.2247⎦
	// running mean [0.2000  2.0000]
}

// The perceptron learning rule finds weights for AND in a few epochs.
func ExamplePerceptron() {
	x := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	t := mat.NewDense(4, 1, []float64{0, 0, 0, 1})
	p := layer.NewPerceptron(2, 1)
	for epoch := 1; ; epoch++ {
		mistakes := p.Learn(x, t, 1)
		fmt.Printf("epoch %d: %d mistakes\n", epoch, mistakes)
		if mistakes == 0 {
			break
		}
	}
	fmt.Println("W", mat.Formatted(p.W.Value.T()), "b", mat.Formatted(p.B.Value))
	fmt.Println("y", mat.Formatted(p.Forward(x, nnkit.Eval).T()))
	// Output:
	// epoch 1: 2 mistakes
	// epoch 2: 3 mistakes
	// epoch 3: 3 mistakes
	// epoch 4: 2 mistakes
	// epoch 5: 1 mistakes
	// epoch 6: 0 mistakes
	// W [2  1] b [-3]
	// y [0  0  0  1]
}

// Backward returns ∂L/∂x and accumulates ∂L/∂W = xᵀ·∂L/∂y and ∂L/∂b.
func ExampleDense_Backward() {
	d := layer.NewDense(2, 1)
	d.W.Value = mat.NewDense(2, 1, []float64{0.5, -1})
	x := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	d.Forward(x, nnkit.Train)
	dy := mat.NewDense(2, 1, []float64{1, 0.5}) // ∂L/∂y
	dx := d.Backward(dy)
	fmt.Printf("∂L/∂x =\n%v\n", mat.Formatted(dx))
	fmt.Println("∂L/∂W", mat.Formatted(d.W.Grad.T()))
	fmt.Println("∂L/∂b", mat.Formatted(d.B.Grad))
	// Output:
	// ∂L/∂x =
	// ⎡ 0.5    -1⎤
	// ⎣0.25  -0.5⎦
	// ∂L/∂W [2.5    4]
	// ∂L/∂b [1.5]
}
