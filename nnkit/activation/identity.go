package activation

import (
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Layer = (*Identity)(nil)
	_ Function    = (*Identity)(nil)
)

// Identity is the linear activation
//
//	f(x) = x,  f′(x) = 1
//
// It is the output activation of a regression network, and of a classifier
// whose loss takes raw scores (loss.CrossEntropy applies the softmax
// itself). Forward returns x itself and Backward returns ∂L/∂y itself.
type Identity struct{ x *mat.Dense }

// NewIdentity returns an identity activation.
func NewIdentity() *Identity { return &Identity{} }

// Apply returns x.
func (*Identity) Apply(x float64) float64 { return x }

// Deriv returns 1.
func (*Identity) Deriv(float64) float64 { return 1 }

// Forward returns x; x: n×d → n×d.
func (i *Identity) Forward(x *mat.Dense, _ nnkit.Mode) *mat.Dense {
	i.x = x
	return x
}

// Backward returns dOut, n×d.
func (i *Identity) Backward(dOut *mat.Dense) *mat.Dense {
	checkBackward("Identity", i.x, dOut)
	return dOut
}

// Params returns nil: Identity has no parameters.
func (*Identity) Params() []*nnkit.Param { return nil }

// String returns "Identity".
func (*Identity) String() string { return "Identity" }
