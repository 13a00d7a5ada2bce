package initializer

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

var (
	_ Initializer = Zeros{}
	_ Initializer = Constant{}
)

// Zeros sets every weight to 0. A network whose hidden weights all start
// equal cannot break the symmetry between its units; Zeros is meant for
// biases and for showing that failure.
type Zeros struct{}

// Fill sets w to zero.
func (Zeros) Fill(w *mat.Dense, _ *rand.Rand) { w.Zero() }

// String returns "zeros".
func (Zeros) String() string { return "zeros" }

// Constant sets every weight to Value.
type Constant struct {
	// Value is the value of every weight.
	Value float64
}

// Fill sets every element of w to c.Value.
func (c Constant) Fill(w *mat.Dense, _ *rand.Rand) { fill(w, func() float64 { return c.Value }) }

// String returns e.g. "constant(0.5)".
func (c Constant) String() string { return fmt.Sprintf("constant(%g)", c.Value) }
