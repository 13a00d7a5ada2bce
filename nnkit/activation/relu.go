package activation

import (
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Layer = (*ReLU)(nil)
	_ Function    = (*ReLU)(nil)
)

// ReLU is the rectified linear unit
//
//	ReLU(x) = max(0, x)
//	ReLU′(x) = 1 if x > 0, else 0     (0 at x = 0, as in PyTorch)
//
// Its derivative is 1 for every positive input, so gradients do not shrink on
// their way back through many layers (Nair & Hinton, 2010). A unit whose
// input stays negative gets no gradient at all ("dying ReLU"); LeakyReLU,
// PReLU and RReLU keep a small slope there.
type ReLU struct{ e elementwise }

// NewReLU returns a ReLU activation.
func NewReLU() *ReLU { return &ReLU{} }

// Apply returns max(0, x).
func (*ReLU) Apply(x float64) float64 { return max(0, x) }

// Deriv returns 1 for x > 0 and 0 otherwise.
func (*ReLU) Deriv(x float64) float64 {
	if x > 0 {
		return 1
	}
	return 0
}

// Forward returns max(0, x) element by element; x: n×d → n×d.
func (l *ReLU) Forward(x *mat.Dense, _ nnkit.Mode) *mat.Dense {
	r, c := x.Dims()
	l.e.x = x
	l.e.y = nnkit.Reuse(l.e.y, r, c)
	xs, ys := x.RawMatrix(), l.e.y.RawMatrix()
	for i := 0; i < r; i++ {
		xr, yr := xs.Data[i*xs.Stride:i*xs.Stride+c], ys.Data[i*ys.Stride:i*ys.Stride+c]
		for j, v := range xr {
			yr[j] = max(0, v)
		}
	}
	return l.e.y
}

// Backward returns ∂L/∂x = ∂L/∂y where x > 0 and 0 elsewhere, n×d.
func (l *ReLU) Backward(dOut *mat.Dense) *mat.Dense {
	r, c := l.e.check("ReLU", dOut)
	l.e.dx = nnkit.Reuse(l.e.dx, r, c)
	xs, ds, dxs := l.e.x.RawMatrix(), dOut.RawMatrix(), l.e.dx.RawMatrix()
	for i := 0; i < r; i++ {
		xr := xs.Data[i*xs.Stride : i*xs.Stride+c]
		dr := ds.Data[i*ds.Stride : i*ds.Stride+c]
		dxr := dxs.Data[i*dxs.Stride : i*dxs.Stride+c]
		for j, v := range xr {
			if v > 0 {
				dxr[j] = dr[j]
			} else {
				dxr[j] = 0
			}
		}
	}
	return l.e.dx
}

// Params returns nil: ReLU has no parameters.
func (*ReLU) Params() []*nnkit.Param { return nil }

// String returns "ReLU".
func (*ReLU) String() string { return "ReLU" }
