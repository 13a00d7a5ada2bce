package layer_test

import (
	"fmt"

	"github.com/nnbook/nnbook/nnkit/layer"
)

// A Dense layer takes In columns and gives Out, whatever it is fed.
func ExampleDense_InputCols() {
	d := layer.NewDense(784, 128)
	fmt.Println(d.InputCols(), d.OutputCols(784))
	// Output:
	// 784 128
}

func ExampleDense_OutputCols() {
	fmt.Println(layer.NewDense(3, 2).OutputCols(3))
	// Output:
	// 2
}

func ExamplePerceptron_InputCols() {
	p := layer.NewPerceptron(2, 1)
	fmt.Println(p.InputCols(), p.OutputCols(2))
	// Output:
	// 2 1
}

func ExamplePerceptron_OutputCols() {
	fmt.Println(layer.NewPerceptron(4, 3).OutputCols(4))
	// Output:
	// 3
}

// BatchNorm normalises a fixed number of features.
func ExampleBatchNorm_InputCols() {
	b := layer.NewBatchNorm(16)
	fmt.Println(b.InputCols(), b.OutputCols(16))
	// Output:
	// 16 16
}

func ExampleBatchNorm_OutputCols() {
	fmt.Println(layer.NewBatchNorm(5).OutputCols(5))
	// Output:
	// 5
}

// Dropout takes any width (0) and keeps it.
func ExampleDropout_InputCols() {
	d := layer.NewDropout(0.5, 1)
	fmt.Println(d.InputCols(), d.OutputCols(64))
	// Output:
	// 0 64
}

func ExampleDropout_OutputCols() {
	fmt.Println(layer.NewDropout(0.2, 1).OutputCols(10))
	// Output:
	// 10
}
