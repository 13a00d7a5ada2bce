package activation_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/activation"
)

// The sigmoid and its derivative as plain functions, as a chapter plots them.
func ExampleSigmoid() {
	s := activation.NewSigmoid()
	for _, x := range []float64{-4, -2, 0, 2, 4} {
		fmt.Printf("x=%+.0f  σ=%.4f  σ′=%.4f\n", x, s.Apply(x), s.Deriv(x))
	}
	// Output:
	// x=-4  σ=0.0180  σ′=0.0177
	// x=-2  σ=0.1192  σ′=0.1050
	// x=+0  σ=0.5000  σ′=0.2500
	// x=+2  σ=0.8808  σ′=0.1050
	// x=+4  σ=0.9820  σ′=0.0177
}

// An activation is a layer: Forward applies it to every element of a batch.
func ExampleReLU() {
	x := mat.NewDense(2, 3, []float64{-1, 0.5, 2, 3, -4, 0})
	y := activation.NewReLU().Forward(x, nnkit.Eval)
	fmt.Printf("%v\n", mat.Formatted(y))
	// Output:
	// ⎡  0  0.5    2⎤
	// ⎣  3    0    0⎦
}

func ExampleStep() {
	s := activation.NewStep()
	fmt.Println(s.Apply(-0.5), s.Apply(0), s.Apply(2), s.Deriv(2))
	// Output:
	// 0 1 1 0
}

func ExampleTanh() {
	t := activation.NewTanh()
	fmt.Printf("%.4f %.4f %.4f\n", t.Apply(-1), t.Apply(0), t.Deriv(0))
	// Output:
	// -0.7616 0.0000 1.0000
}

func ExampleLeakyReLU() {
	l := activation.NewLeakyReLU(0.01)
	fmt.Println(l, l.Apply(-3), l.Apply(3), l.Deriv(-3))
	// Output:
	// LeakyReLU(α=0.01) -0.03 3 0.01
}

// PReLU's slope α is a parameter: the optimizer updates it like a weight.
func ExamplePReLU() {
	p := activation.NewPReLU()
	fmt.Println(p, p.Params()[0])
	fmt.Println(p.Apply(-2))
	// Output:
	// PReLU(α=0.25) alpha(1×1)
	// -0.5
}

// RReLU draws a random slope per element while training and uses the mean
// slope in evaluation.
func ExampleRReLU() {
	r := activation.NewRReLU(1)
	x := mat.NewDense(1, 3, []float64{-1, -1, 2})
	fmt.Printf("train %.4f\n", mat.Formatted(r.Forward(x, nnkit.Train)))
	fmt.Printf("eval  %.4f\n", mat.Formatted(r.Forward(x, nnkit.Eval)))
	// Output:
	// train [-0.1959  -0.3146   2.0000]
	// eval  [-0.2292  -0.2292   2.0000]
}

func ExampleIdentity() {
	fmt.Println(activation.NewIdentity().Apply(-1.5))
	// Output:
	// -1.5
}

// Softmax turns each row of scores into probabilities; it stays finite for
// very large scores.
func ExampleSoftmax() {
	x := mat.NewDense(2, 3, []float64{1, 2, 3, 1000, 1000, 0})
	y := activation.NewSoftmax().Forward(x, nnkit.Eval)
	fmt.Printf("%.4f\n", mat.Formatted(y))
	// Output:
	// ⎡0.0900  0.2447  0.6652⎤
	// ⎣0.5000  0.5000  0.0000⎦
}
