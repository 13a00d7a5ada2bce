package activation

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Layer = (*Tanh)(nil)
	_ Function    = (*Tanh)(nil)
)

// Tanh is the hyperbolic tangent
//
//	tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ) = 2σ(2x) − 1
//	tanh′(x) = 1 − tanh²(x)      at most 1, at x = 0
//
// Its output lies in (−1, 1) and is centred on 0, which makes the next
// layer's inputs zero-mean; its derivative still vanishes for large |x|.
type Tanh struct{ e elementwise }

// NewTanh returns a tanh activation.
func NewTanh() *Tanh { return &Tanh{} }

// Apply returns tanh(x).
func (*Tanh) Apply(x float64) float64 { return math.Tanh(x) }

// Deriv returns 1 − tanh²(x).
func (*Tanh) Deriv(x float64) float64 {
	y := math.Tanh(x)
	return 1 - y*y
}

// Forward returns tanh(x) element by element; x: n×d → n×d.
func (t *Tanh) Forward(x *mat.Dense, _ nnkit.Mode) *mat.Dense { return t.e.forward(t, x) }

// Backward returns ∂L/∂x = ∂L/∂y ⊙ (1 − tanh²(x)), n×d.
func (t *Tanh) Backward(dOut *mat.Dense) *mat.Dense {
	r, c := t.e.check("Tanh", dOut)
	t.e.dx = nnkit.Reuse(t.e.dx, r, c)
	ys, ds, dxs := t.e.y.RawMatrix(), dOut.RawMatrix(), t.e.dx.RawMatrix()
	for i := 0; i < r; i++ {
		yr := ys.Data[i*ys.Stride : i*ys.Stride+c]
		dr := ds.Data[i*ds.Stride : i*ds.Stride+c]
		dxr := dxs.Data[i*dxs.Stride : i*dxs.Stride+c]
		for j, y := range yr {
			dxr[j] = dr[j] * (1 - y*y) // tanh′ from the cached output
		}
	}
	return t.e.dx
}

// Params returns nil: Tanh has no parameters.
func (*Tanh) Params() []*nnkit.Param { return nil }

// String returns "Tanh".
func (*Tanh) String() string { return "Tanh" }
