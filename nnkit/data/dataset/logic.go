package dataset

import "gonum.org/v1/gonum/mat"

// truthTable returns the four inputs (0,0), (0,1), (1,0), (1,1) and the labels
// of a two-input Boolean gate.
func truthTable(gate func(a, b bool) bool) (*mat.Dense, []int) {
	x := mat.NewDense(4, 2, []float64{
		0, 0,
		0, 1,
		1, 0,
		1, 1,
	})
	y := make([]int, 4)
	for i := range 4 {
		if gate(x.At(i, 0) == 1, x.At(i, 1) == 1) {
			y[i] = 1
		}
	}
	return x, y
}

// AND returns the truth table of x₁ AND x₂: inputs (0,0), (0,1), (1,0), (1,1)
// as a 4×2 matrix and labels 0, 0, 0, 1. A single perceptron learns it.
func AND() (*mat.Dense, []int) { return truthTable(func(a, b bool) bool { return a && b }) }

// OR returns the truth table of x₁ OR x₂: labels 0, 1, 1, 1 for the inputs of
// [AND]. A single perceptron learns it.
func OR() (*mat.Dense, []int) { return truthTable(func(a, b bool) bool { return a || b }) }

// NAND returns the truth table of NOT (x₁ AND x₂): labels 1, 1, 1, 0 for the
// inputs of [AND]. A single perceptron learns it.
func NAND() (*mat.Dense, []int) { return truthTable(func(a, b bool) bool { return !(a && b) }) }

// XOR returns the truth table of x₁ XOR x₂: labels 0, 1, 1, 0 for the inputs
// of [AND]. No straight line separates the classes, so a single perceptron
// cannot learn it; a two-layer network (XOR = AND(NAND, OR)) can.
func XOR() (*mat.Dense, []int) { return truthTable(func(a, b bool) bool { return a != b }) }
