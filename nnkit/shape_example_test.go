package nnkit_test

import (
	"fmt"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/activation"
	"github.com/nnbook/nnbook/nnkit/layer"
)

// Layers say what width they take and give: a Dense layer fixes both, an
// activation takes any width and keeps it.
func ExampleShaper() {
	for _, l := range []nnkit.Layer{layer.NewDense(4, 8), activation.NewReLU(), layer.NewBatchNorm(8)} {
		s := l.(nnkit.Shaper)
		fmt.Printf("%v: takes %d, gives %d for 8 inputs\n", l, s.InputCols(), s.OutputCols(8))
	}
	// Output:
	// Dense(4→8): takes 4, gives 8 for 8 inputs
	// ReLU: takes 0, gives 8 for 8 inputs
	// BatchNorm(8, ρ=0.9, ε=1e-05): takes 8, gives 8 for 8 inputs
}
