package activation

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Layer     = (*LeakyReLU)(nil)
	_ Function        = (*LeakyReLU)(nil)
	_ nnkit.Validator = (*LeakyReLU)(nil)
)

// LeakyReLU keeps a small fixed slope α for negative inputs
//
//	f(x) = x if x > 0, else α·x       (α: field Alpha)
//	f′(x) = 1 if x > 0, else α
//
// so that a unit with negative input still gets a gradient (Maas, Hannun &
// Ng, 2013, "Rectifier Nonlinearities Improve Neural Network Acoustic
// Models").
type LeakyReLU struct {
	// Alpha is the slope α for x ≤ 0, usually 0.01 (PyTorch) to 0.3
	// (Keras). With 0 this is ReLU.
	Alpha float64

	e elementwise
}

// NewLeakyReLU returns a leaky ReLU with slope alpha for negative inputs.
func NewLeakyReLU(alpha float64) *LeakyReLU { return &LeakyReLU{Alpha: alpha} }

// Apply returns x for x > 0 and αx otherwise.
func (l *LeakyReLU) Apply(x float64) float64 {
	if x > 0 {
		return x
	}
	return l.Alpha * x
}

// Deriv returns 1 for x > 0 and α otherwise.
func (l *LeakyReLU) Deriv(x float64) float64 {
	if x > 0 {
		return 1
	}
	return l.Alpha
}

// Forward applies f element by element; x: n×d → n×d.
func (l *LeakyReLU) Forward(x *mat.Dense, _ nnkit.Mode) *mat.Dense { return l.e.forward(l, x) }

// Backward returns ∂L/∂x = ∂L/∂y ⊙ f′(x), n×d.
func (l *LeakyReLU) Backward(dOut *mat.Dense) *mat.Dense {
	return l.e.backward("LeakyReLU", l, dOut)
}

// Params returns nil: α is fixed, not learned (see PReLU).
func (*LeakyReLU) Params() []*nnkit.Param { return nil }

// Validate reports a slope that is not finite.
func (l *LeakyReLU) Validate() error {
	if math.IsNaN(l.Alpha) || math.IsInf(l.Alpha, 0) {
		return fmt.Errorf("nnkit/activation: LeakyReLU: Alpha must be finite, got %v", l.Alpha)
	}
	return nil
}

// String returns e.g. "LeakyReLU(α=0.01)".
func (l *LeakyReLU) String() string { return fmt.Sprintf("LeakyReLU(α=%g)", l.Alpha) }
