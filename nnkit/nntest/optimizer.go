package nntest

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// TestOptimizer runs the conformance suite for an Optimizer. newOpt must
// return a fresh optimizer, without weight decay, each time it is called. On
// the convex quadratic
//
//	f(θ) = ½‖θ − θ*‖²,   ∇f(θ) = θ − θ*
//
// over two parameters (2×3 and 1×3) it checks that
//   - 500 steps lower f to under a tenth of its starting value;
//   - two fresh optimizers from the same start take bit-identical steps;
//   - with zero gradients the first step leaves the parameters unchanged;
//   - the optimizer has a String method.
func TestOptimizer(t testing.TB, newOpt func() nnkit.Optimizer) {
	t.Helper()
	if _, ok := newOpt().(fmt.Stringer); !ok {
		t.Errorf("%T has no String method", newOpt())
	}
	target := []*mat.Dense{
		mat.NewDense(2, 3, []float64{1, -2, 0.5, 3, 0, -1}),
		mat.NewDense(1, 3, []float64{-0.5, 2, 1}),
	}
	start := func() []*nnkit.Param {
		return []*nnkit.Param{
			nnkit.NewParam("w", mat.NewDense(2, 3, []float64{0.1, 0.2, -0.3, 0.4, -0.5, 0.6})),
			nnkit.NewParam("b", mat.NewDense(1, 3, []float64{0.3, -0.1, 0.2})),
		}
	}
	f := func(ps []*nnkit.Param) float64 {
		var s float64
		for i, p := range ps {
			var d mat.Dense
			d.Sub(p.Value, target[i])
			s += mat.Sum(mulElem(&d, &d)) / 2
		}
		return s
	}
	run := func(opt nnkit.Optimizer, steps int) []*nnkit.Param {
		ps := start()
		for range steps {
			for i, p := range ps {
				p.Grad.Sub(p.Value, target[i]) // ∇f = θ − θ*
			}
			opt.Step(ps)
		}
		return ps
	}
	opt := newOpt()
	f0, ps := f(start()), run(opt, 500)
	if f1 := f(ps); !(f1 < f0/10) {
		t.Errorf("%v: f went from %v to %v in 500 steps on a convex quadratic, want under %v", opt, f0, f1, f0/10)
	}
	a, b := run(newOpt(), 20), run(newOpt(), 20)
	for i := range a {
		if !mat.Equal(a[i].Value, b[i].Value) {
			t.Errorf("%v: two fresh optimizers from the same start differ in %s", opt, a[i].Name)
		}
	}
	ps = start()
	newOpt().Step(ps) // gradients are zero
	for i, p := range start() {
		if !mat.Equal(ps[i].Value, p.Value) {
			t.Errorf("%v: a step with zero gradients changed %s from %v to %v", opt, p.Name, mat.Formatted(p.Value), mat.Formatted(ps[i].Value))
		}
	}
}

func mulElem(a, b *mat.Dense) *mat.Dense {
	var out mat.Dense
	out.MulElem(a, b)
	return &out
}
