package layer

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Layer     = (*Dropout)(nil)
	_ nnkit.Validator = (*Dropout)(nil)
)

// Dropout is inverted dropout (Srivastava et al., 2014,
// https://jmlr.org/papers/v15/srivastava14a.html). In Train mode every
// element is dropped with probability p and the survivors are scaled up so
// that the expected output equals the input; in Eval mode it passes x
// through unchanged:
//
//	Train:  mᵢⱼ ~ Bernoulli(1 − p),  yᵢⱼ = mᵢⱼ·xᵢⱼ / (1 − p),  ∂L/∂xᵢⱼ = mᵢⱼ·∂L/∂yᵢⱼ / (1 − p)
//	Eval:   y = x,  ∂L/∂x = ∂L/∂y
//
// p is the field Rate, as in Keras and PyTorch. The masks come from a PCG
// generator seeded by NewDropout and by Reseed.
type Dropout struct {
	// Rate is the drop probability p, in [0, 1).
	Rate float64

	rng   *rand.Rand
	mode  nnkit.Mode // mode of the last Forward
	x     *mat.Dense // input of the last Forward
	scale *mat.Dense // m/(1−p) of the last Train Forward
	y, dx *mat.Dense
}

// NewDropout returns a dropout layer with drop probability rate whose masks
// come from seed.
func NewDropout(rate float64, seed uint64) *Dropout {
	d := &Dropout{Rate: rate}
	d.Reseed(seed)
	return d
}

// Reseed restarts the mask generator from seed.
func (d *Dropout) Reseed(seed uint64) { d.rng = rand.New(rand.NewPCG(seed, seed)) }

// Forward drops elements in Train mode and returns x itself in Eval mode;
// x: n×d → n×d.
func (d *Dropout) Forward(x *mat.Dense, mode nnkit.Mode) *mat.Dense {
	d.mode, d.x = mode, x
	if mode != nnkit.Train {
		return x
	}
	r, c := x.Dims()
	d.scale = nnkit.Reuse(d.scale, r, c)
	d.y = nnkit.Reuse(d.y, r, c)
	keep := 1 / (1 - d.Rate)
	for i := 0; i < r; i++ {
		xr, sr, yr := x.RawRowView(i), d.scale.RawRowView(i), d.y.RawRowView(i)
		for j, v := range xr {
			if d.rng.Float64() < d.Rate {
				sr[j] = 0 // dropped
			} else {
				sr[j] = keep // kept and scaled by 1/(1−p)
			}
			yr[j] = sr[j] * v
		}
	}
	return d.y
}

// Backward returns ∂L/∂x (n×d): the gradient masked and scaled like the
// last Forward's output, or ∂L/∂y itself after an Eval Forward.
func (d *Dropout) Backward(dOut *mat.Dense) *mat.Dense {
	if d.x == nil {
		nnkit.Panicf("nnkit/layer: Dropout.Backward called before Forward")
	}
	r, c := d.x.Dims()
	if dr, dc := dOut.Dims(); dr != r || dc != c {
		nnkit.Panicf("nnkit/layer: Dropout.Backward: gradient is %d×%d, output of Forward was %d×%d", dr, dc, r, c)
	}
	if d.mode != nnkit.Train {
		return dOut
	}
	d.dx = nnkit.Reuse(d.dx, r, c)
	d.dx.MulElem(dOut, d.scale)
	return d.dx
}

// Params returns nil: Dropout has no parameters.
func (*Dropout) Params() []*nnkit.Param { return nil }

// Validate reports a rate outside [0, 1).
func (d *Dropout) Validate() error {
	if !(d.Rate >= 0 && d.Rate < 1) {
		return fmt.Errorf("nnkit/layer: Dropout rate must be in [0, 1), got %v", d.Rate)
	}
	return nil
}

// String returns e.g. "Dropout(p=0.5)".
func (d *Dropout) String() string { return fmt.Sprintf("Dropout(p=%g)", d.Rate) }
