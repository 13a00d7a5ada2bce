package activation

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Layer     = (*RReLU)(nil)
	_ Function        = (*RReLU)(nil)
	_ nnkit.Validator = (*RReLU)(nil)
)

// RReLU is the randomized leaky ReLU (Xu et al., 2015, "Empirical
// Evaluation of Rectified Activations in Convolutional Network",
// https://arxiv.org/abs/1505.00853). In training each element draws its own
// slope; in evaluation the slope is the mean:
//
//	Train:  aᵢⱼ ~ U(l, u),   yᵢⱼ = xᵢⱼ if xᵢⱼ > 0, else aᵢⱼ·xᵢⱼ
//	Eval:   yᵢⱼ = xᵢⱼ if xᵢⱼ > 0, else ((l+u)/2)·xᵢⱼ
//
// with l = Lower and u = Upper. Backward uses the slopes of the last Forward.
// Apply and Deriv use the evaluation slope (l+u)/2. Defaults l = 1/8,
// u = 1/3 as in PyTorch. The slopes come from a PCG generator seeded with
// Seed by NewRReLU and by Reseed.
type RReLU struct {
	// Lower is the smallest slope l. Default: 1/8 (set by NewRReLU).
	Lower float64
	// Upper is the largest slope u. Default: 1/3 (set by NewRReLU).
	Upper float64

	rng  *rand.Rand
	a    *mat.Dense // slopes drawn by the last Train Forward
	mode nnkit.Mode // mode of the last Forward
	e    elementwise
}

// NewRReLU returns an RReLU with l = 1/8, u = 1/3 whose random slopes come
// from seed.
func NewRReLU(seed uint64) *RReLU {
	r := &RReLU{Lower: 1.0 / 8, Upper: 1.0 / 3}
	r.Reseed(seed)
	return r
}

// Reseed restarts the slope generator from seed.
func (r *RReLU) Reseed(seed uint64) { r.rng = rand.New(rand.NewPCG(seed, seed)) }

// Apply returns x for x > 0 and ((l+u)/2)·x otherwise.
func (r *RReLU) Apply(x float64) float64 {
	if x > 0 {
		return x
	}
	return (r.Lower + r.Upper) / 2 * x
}

// Deriv returns 1 for x > 0 and (l+u)/2 otherwise.
func (r *RReLU) Deriv(x float64) float64 {
	if x > 0 {
		return 1
	}
	return (r.Lower + r.Upper) / 2
}

// Forward applies the activation; in Train mode it draws a fresh slope for
// every element. x: n×d → n×d.
func (r *RReLU) Forward(x *mat.Dense, mode nnkit.Mode) *mat.Dense {
	r.mode = mode
	if mode != nnkit.Train {
		return r.e.forward(r, x)
	}
	rows, c := x.Dims()
	r.e.x = x
	r.e.y = nnkit.Reuse(r.e.y, rows, c)
	r.a = nnkit.Reuse(r.a, rows, c)
	xs, ys, as := x.RawMatrix(), r.e.y.RawMatrix(), r.a.RawMatrix()
	for i := 0; i < rows; i++ {
		xr := xs.Data[i*xs.Stride : i*xs.Stride+c]
		yr := ys.Data[i*ys.Stride : i*ys.Stride+c]
		ar := as.Data[i*as.Stride : i*as.Stride+c]
		for j, v := range xr {
			ar[j] = r.Lower + (r.Upper-r.Lower)*r.rng.Float64() // a ~ U(l, u)
			if v > 0 {
				yr[j] = v
			} else {
				yr[j] = ar[j] * v
			}
		}
	}
	return r.e.y
}

// Backward returns ∂L/∂x = ∂L/∂y ⊙ f′(x), n×d, with the slopes of the last
// Forward.
func (r *RReLU) Backward(dOut *mat.Dense) *mat.Dense {
	if r.mode != nnkit.Train {
		return r.e.backward("RReLU", r, dOut)
	}
	rows, c := r.e.check("RReLU", dOut)
	r.e.dx = nnkit.Reuse(r.e.dx, rows, c)
	xs, ds, as, dxs := r.e.x.RawMatrix(), dOut.RawMatrix(), r.a.RawMatrix(), r.e.dx.RawMatrix()
	for i := 0; i < rows; i++ {
		xr := xs.Data[i*xs.Stride : i*xs.Stride+c]
		dr := ds.Data[i*ds.Stride : i*ds.Stride+c]
		ar := as.Data[i*as.Stride : i*as.Stride+c]
		dxr := dxs.Data[i*dxs.Stride : i*dxs.Stride+c]
		for j, v := range xr {
			if v > 0 {
				dxr[j] = dr[j]
			} else {
				dxr[j] = dr[j] * ar[j]
			}
		}
	}
	return r.e.dx
}

// Params returns nil: the slopes are random, not learned.
func (*RReLU) Params() []*nnkit.Param { return nil }

// Validate reports bounds outside 0 ≤ l ≤ u ≤ 1.
func (r *RReLU) Validate() error {
	if !(0 <= r.Lower && r.Lower <= r.Upper && r.Upper <= 1) {
		return fmt.Errorf("nnkit/activation: RReLU needs 0 ≤ Lower ≤ Upper ≤ 1, got Lower=%v Upper=%v", r.Lower, r.Upper)
	}
	return nil
}

// String returns e.g. "RReLU(l=0.125, u=0.3333)".
func (r *RReLU) String() string { return fmt.Sprintf("RReLU(l=%.4g, u=%.4g)", r.Lower, r.Upper) }
