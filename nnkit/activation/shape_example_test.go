package activation_test

import (
	"fmt"

	"github.com/nnbook/nnbook/nnkit/activation"
)

// Every activation takes any width (InputCols is 0) and keeps it
// (OutputCols(in) = in), so a network infers the widths around it.

func ExampleIdentity_InputCols() {
	fmt.Println(activation.NewIdentity().InputCols())
	// Output:
	// 0
}

func ExampleIdentity_OutputCols() {
	fmt.Println(activation.NewIdentity().OutputCols(7))
	// Output:
	// 7
}

func ExampleLeakyReLU_InputCols() {
	fmt.Println(activation.NewLeakyReLU(0.01).InputCols())
	// Output:
	// 0
}

func ExampleLeakyReLU_OutputCols() {
	fmt.Println(activation.NewLeakyReLU(0.01).OutputCols(7))
	// Output:
	// 7
}

func ExamplePReLU_InputCols() {
	fmt.Println(activation.NewPReLU().InputCols())
	// Output:
	// 0
}

func ExamplePReLU_OutputCols() {
	fmt.Println(activation.NewPReLU().OutputCols(7))
	// Output:
	// 7
}

func ExampleReLU_InputCols() {
	fmt.Println(activation.NewReLU().InputCols())
	// Output:
	// 0
}

func ExampleReLU_OutputCols() {
	fmt.Println(activation.NewReLU().OutputCols(7))
	// Output:
	// 7
}

func ExampleRReLU_InputCols() {
	fmt.Println(activation.NewRReLU(1).InputCols())
	// Output:
	// 0
}

func ExampleRReLU_OutputCols() {
	fmt.Println(activation.NewRReLU(1).OutputCols(7))
	// Output:
	// 7
}

func ExampleSigmoid_InputCols() {
	fmt.Println(activation.NewSigmoid().InputCols())
	// Output:
	// 0
}

func ExampleSigmoid_OutputCols() {
	fmt.Println(activation.NewSigmoid().OutputCols(7))
	// Output:
	// 7
}

func ExampleSoftmax_InputCols() {
	fmt.Println(activation.NewSoftmax().InputCols())
	// Output:
	// 0
}

func ExampleSoftmax_OutputCols() {
	fmt.Println(activation.NewSoftmax().OutputCols(7))
	// Output:
	// 7
}

func ExampleStep_InputCols() {
	fmt.Println(activation.NewStep().InputCols())
	// Output:
	// 0
}

func ExampleStep_OutputCols() {
	fmt.Println(activation.NewStep().OutputCols(7))
	// Output:
	// 7
}

func ExampleTanh_InputCols() {
	fmt.Println(activation.NewTanh().InputCols())
	// Output:
	// 0
}

func ExampleTanh_OutputCols() {
	fmt.Println(activation.NewTanh().OutputCols(7))
	// Output:
	// 7
}
