package optim_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/optim"
)

// TestSGDStepBits checks SGD's step against θ − η·(g + λ·θ) computed
// element by element here, bit for bit, with and without weight decay,
// for contiguous and padded (sliced) parameters: the step without weight
// decay runs a vectorised axpy, which must not change a single result.
func TestSGDStepBits(t *testing.T) {
	rnd := rand.New(rand.NewPCG(4, 4))
	for _, lambda := range []float64{0, 0.01} {
		for _, padded := range []bool{false, true} {
			value, grad := mat.NewDense(7, 13, nil), mat.NewDense(7, 13, nil)
			for i := range 7 {
				for j := range 13 {
					value.Set(i, j, rnd.NormFloat64()*math.Pow(10, float64(rnd.IntN(9)-4)))
					grad.Set(i, j, rnd.NormFloat64())
				}
			}
			grad.Set(0, 0, math.Copysign(0, -1))
			grad.Set(1, 1, math.NaN())
			p := nnkit.NewParam("p", value)
			if padded {
				p = nnkit.NewParam("p", value.Slice(1, 6, 2, 11).(*mat.Dense))
				grad = grad.Slice(1, 6, 2, 11).(*mat.Dense)
			}
			p.Grad.Copy(grad)
			want := mat.DenseCopyOf(p.Value)
			r, c := want.Dims()
			for i := range r {
				for j := range c {
					th, g := want.At(i, j), p.Grad.At(i, j)
					want.Set(i, j, th-0.1*(g+lambda*th))
				}
			}
			opt := optim.NewSGD(0.1)
			opt.WeightDecay = lambda
			opt.Step([]*nnkit.Param{p})
			for i := range r {
				for j := range c {
					got, w := p.Value.At(i, j), want.At(i, j)
					if math.Float64bits(got) != math.Float64bits(w) && !(math.IsNaN(got) && math.IsNaN(w)) {
						t.Errorf("λ=%v padded=%t (%d,%d): θ = %v, want %v", lambda, padded, i, j, got, w)
					}
				}
			}
		}
	}
}
