package activation

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Layer = (*PReLU)(nil)
	_ Function    = (*PReLU)(nil)
)

// PReLU is the parametric ReLU: a leaky ReLU whose negative slope α is
// learned with the weights (He et al., 2015, https://arxiv.org/abs/1502.01852):
//
//	f(x) = x if x > 0, else α·x
//	∂f/∂x = 1 if x > 0, else α
//	∂L/∂α = Σᵢⱼ ∂L/∂yᵢⱼ · min(0, xᵢⱼ)
//
// One α is shared by all features (PyTorch's default, num_parameters=1). It
// is the Param named "alpha", a 1×1 matrix, and starts at 0.25 as in the
// paper.
type PReLU struct {
	// Alpha holds α (1×1) and its gradient.
	Alpha *nnkit.Param

	e elementwise
}

// NewPReLU returns a PReLU with α = 0.25.
func NewPReLU() *PReLU {
	return &PReLU{Alpha: nnkit.NewParam("alpha", mat.NewDense(1, 1, []float64{0.25}))}
}

// Apply returns x for x > 0 and αx otherwise, with the current α.
func (p *PReLU) Apply(x float64) float64 {
	if x > 0 {
		return x
	}
	return p.Alpha.Value.At(0, 0) * x
}

// Deriv returns ∂f/∂x: 1 for x > 0 and α otherwise.
func (p *PReLU) Deriv(x float64) float64 {
	if x > 0 {
		return 1
	}
	return p.Alpha.Value.At(0, 0)
}

// Forward applies f element by element; x: n×d → n×d.
func (p *PReLU) Forward(x *mat.Dense, _ nnkit.Mode) *mat.Dense { return p.e.forward(p, x) }

// Backward returns ∂L/∂x = ∂L/∂y ⊙ ∂f/∂x (n×d) and adds ∂L/∂α to the
// gradient of Alpha.
func (p *PReLU) Backward(dOut *mat.Dense) *mat.Dense {
	r, c := p.e.check("PReLU", dOut)
	xs, ds := p.e.x.RawMatrix(), dOut.RawMatrix()
	var dAlpha float64
	for i := 0; i < r; i++ {
		xr, dr := xs.Data[i*xs.Stride:i*xs.Stride+c], ds.Data[i*ds.Stride:i*ds.Stride+c]
		for j, v := range xr {
			if v <= 0 {
				dAlpha += dr[j] * v // ∂L/∂α = Σ ∂L/∂y · min(0, x)
			}
		}
	}
	p.Alpha.Grad.Set(0, 0, p.Alpha.Grad.At(0, 0)+dAlpha)
	return p.e.backward("PReLU", p, dOut)
}

// Params returns α.
func (p *PReLU) Params() []*nnkit.Param { return []*nnkit.Param{p.Alpha} }

// String returns e.g. "PReLU(α=0.25)" with the current α.
func (p *PReLU) String() string { return fmt.Sprintf("PReLU(α=%.4g)", p.Alpha.Value.At(0, 0)) }
