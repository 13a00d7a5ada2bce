package nntest

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

const (
	h    = 1e-6 // finite-difference step
	aTol = 1e-6 // absolute tolerance
	rTol = 1e-5 // relative tolerance
)

// Reseeder is implemented by layers that draw random numbers in Train mode
// (Dropout, RReLU). GradCheck reseeds such a layer before every Forward so
// that all evaluations see the same random draw.
type Reseeder interface {
	Reseed(seed uint64)
}

// GradCheck checks the Backward of l at input x, in Train mode and then in
// Eval mode, against central finite differences of the scalar
//
//	f(x, θ) = Σᵢⱼ rᵢⱼ · l.Forward(x)ᵢⱼ
//
// with fixed pseudo-random weights r, so Backward(r) must return ∂f/∂x and
// accumulate ∂f/∂θ into every Param.Grad. It reports each mismatching
// element through t.Errorf (at most five per matrix). x is not modified.
func GradCheck(t testing.TB, l nnkit.Layer, x *mat.Dense) {
	t.Helper()
	for _, mode := range []nnkit.Mode{nnkit.Train, nnkit.Eval} {
		gradCheckMode(t, l, x, mode)
	}
}

func gradCheckMode(t testing.TB, l nnkit.Layer, x *mat.Dense, mode nnkit.Mode) {
	t.Helper()
	xc := mat.DenseCopyOf(x)
	var r *mat.Dense
	f := func() float64 {
		if rs, ok := l.(Reseeder); ok {
			rs.Reseed(7)
		}
		y := l.Forward(xc, mode)
		if r == nil {
			r = randomLike(y, 11)
		}
		return mat.Sum(mulElem(y, r))
	}
	f() // fixes the shape of r
	// Analytical gradients.
	for _, p := range l.Params() {
		p.ZeroGrad()
	}
	f()
	dx := mat.DenseCopyOf(l.Backward(r))
	if dr, dc := dx.Dims(); dr != xc.RawMatrix().Rows || dc != xc.RawMatrix().Cols {
		xr, xcols := xc.Dims()
		t.Fatalf("%v (%v): Backward returned %d×%d for an input of %d×%d", l, mode, dr, dc, xr, xcols)
	}
	grads := make([]*mat.Dense, len(l.Params()))
	for i, p := range l.Params() {
		grads[i] = mat.DenseCopyOf(p.Grad)
	}
	// Numerical gradients.
	compare(t, l, mode, "∂f/∂x", dx, xc, f)
	for i, p := range l.Params() {
		compare(t, l, mode, "∂f/∂"+p.Name, grads[i], p.Value, f)
	}
}

// compare checks got against central differences of f with respect to every
// element of v, restoring v afterwards.
func compare(t testing.TB, l any, mode nnkit.Mode, what string, got, v *mat.Dense, f func() float64) {
	t.Helper()
	rows, cols := v.Dims()
	bad := 0
	for i := range rows {
		for j := range cols {
			old := v.At(i, j)
			v.Set(i, j, old+h)
			fp := f()
			v.Set(i, j, old-h)
			fm := f()
			v.Set(i, j, old)
			num := (fp - fm) / (2 * h)
			ana := got.At(i, j)
			if !near(ana, num) {
				bad++
				if bad <= 5 {
					t.Errorf("%v (%v): %s[%d,%d]: analytical %.10g, numerical %.10g", l, mode, what, i, j, ana, num)
				}
			}
		}
	}
	f() // leave the layer's cache at the unperturbed point
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= aTol+rTol*max(math.Abs(a), math.Abs(b))
}

// GradCheckLoss checks loss.Grad(pred, target) against central finite
// differences of loss.Loss with respect to every element of pred. pred and
// target are not modified.
func GradCheckLoss(t testing.TB, loss nnkit.Loss, pred, target *mat.Dense) {
	t.Helper()
	p := mat.DenseCopyOf(pred)
	got := mat.DenseCopyOf(loss.Grad(p, target))
	pr, pc := p.Dims()
	if gr, gc := got.Dims(); gr != pr || gc != pc {
		t.Fatalf("%v: Grad returned %d×%d for a prediction of %d×%d", loss, gr, gc, pr, pc)
	}
	compare(t, loss, nnkit.Train, "∂L/∂pred", got, p, func() float64 { return loss.Loss(p, target) })
}

// randomLike returns a matrix of m's shape with entries uniform in [−1, 1).
func randomLike(m *mat.Dense, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, seed))
	r, c := m.Dims()
	out := mat.NewDense(r, c, nil)
	for i := range r {
		for j := range c {
			out.Set(i, j, 2*rng.Float64()-1)
		}
	}
	return out
}
