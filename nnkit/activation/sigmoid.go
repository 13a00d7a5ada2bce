package activation

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Layer = (*Sigmoid)(nil)
	_ Function    = (*Sigmoid)(nil)
)

// Sigmoid is the logistic function
//
//	σ(x) = 1 / (1 + e⁻ˣ)
//	σ′(x) = σ(x)·(1 − σ(x))      at most 0.25, at x = 0
//
// It squashes any input into (0, 1). Because σ′ ≤ 0.25, a gradient passing
// back through k sigmoid layers shrinks by at least 4ᵏ: the vanishing
// gradient problem that ReLU avoids.
type Sigmoid struct{ e elementwise }

// NewSigmoid returns a sigmoid activation.
func NewSigmoid() *Sigmoid { return &Sigmoid{} }

// Apply returns σ(x), computed without overflow for large |x|.
func (*Sigmoid) Apply(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	z := math.Exp(x)
	return z / (1 + z)
}

// Deriv returns σ′(x) = σ(x)(1 − σ(x)).
func (s *Sigmoid) Deriv(x float64) float64 {
	y := s.Apply(x)
	return y * (1 - y)
}

// Forward returns σ(x) element by element; x: n×d → n×d.
func (s *Sigmoid) Forward(x *mat.Dense, _ nnkit.Mode) *mat.Dense { return s.e.forward(s, x) }

// Backward returns ∂L/∂x = ∂L/∂y ⊙ σ(x)(1 − σ(x)), n×d.
func (s *Sigmoid) Backward(dOut *mat.Dense) *mat.Dense {
	r, c := s.e.check("Sigmoid", dOut)
	s.e.dx = nnkit.Reuse(s.e.dx, r, c)
	ys, ds, dxs := s.e.y.RawMatrix(), dOut.RawMatrix(), s.e.dx.RawMatrix()
	for i := 0; i < r; i++ {
		yr := ys.Data[i*ys.Stride : i*ys.Stride+c]
		dr := ds.Data[i*ds.Stride : i*ds.Stride+c]
		dxr := dxs.Data[i*dxs.Stride : i*dxs.Stride+c]
		for j, y := range yr {
			dxr[j] = dr[j] * y * (1 - y) // σ′ from the cached output
		}
	}
	return s.e.dx
}

// Params returns nil: Sigmoid has no parameters.
func (*Sigmoid) Params() []*nnkit.Param { return nil }

// String returns "Sigmoid".
func (*Sigmoid) String() string { return "Sigmoid" }
