package activation

import (
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Layer = (*Step)(nil)
	_ Function    = (*Step)(nil)
)

// Step is the Heaviside step function of the simple perceptron:
//
//	step(x) = 1 if x ≥ 0, else 0
//	step′(x) = 0                  (for x ≠ 0; undefined at 0, taken as 0)
//
// Its derivative is zero everywhere, so no gradient flows back through it:
// Backward returns zeros. That is why backpropagation replaced it with the
// sigmoid (lecture, "multilayer perceptron").
type Step struct{ e elementwise }

// NewStep returns a step activation.
func NewStep() *Step { return &Step{} }

// Apply returns 1 for x ≥ 0 and 0 otherwise.
func (*Step) Apply(x float64) float64 {
	if x >= 0 {
		return 1
	}
	return 0
}

// Deriv returns 0.
func (*Step) Deriv(float64) float64 { return 0 }

// Forward returns step(x) element by element; x: n×d → n×d.
func (s *Step) Forward(x *mat.Dense, _ nnkit.Mode) *mat.Dense { return s.e.forward(s, x) }

// Backward returns ∂L/∂x = 0, n×d.
func (s *Step) Backward(dOut *mat.Dense) *mat.Dense { return s.e.backward("Step", s, dOut) }

// Params returns nil: Step has no parameters.
func (*Step) Params() []*nnkit.Param { return nil }

// String returns "Step".
func (*Step) String() string { return "Step" }
