package nntest_test

import (
	"fmt"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/loss"
	"github.com/nnbook/nnbook/nnkit/nntest"
	"github.com/nnbook/nnbook/nnkit/optim"
)

// recorder is a testing.TB that keeps the failures instead of reporting
// them.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...) }

// square computes y = x² but claims ∂y/∂x = 3x in Backward.
type square struct {
	x, y *mat.Dense
	k    float64 // factor of x in the derivative: 2 is right
}

func (s *square) Forward(x *mat.Dense, _ nnkit.Mode) *mat.Dense {
	s.x = x
	s.y = mat.NewDense(x.RawMatrix().Rows, x.RawMatrix().Cols, nil)
	s.y.MulElem(x, x)
	return s.y
}

func (s *square) Backward(d *mat.Dense) *mat.Dense {
	var dx mat.Dense
	dx.MulElem(d, s.x)
	dx.Scale(s.k, &dx)
	return &dx
}

func (s *square) Params() []*nnkit.Param { return nil }

func TestGradCheckCatchesWrongGradient(t *testing.T) {
	x := mat.NewDense(2, 2, []float64{1, -2, 0.5, 3})
	for _, tc := range []struct {
		k       float64
		wantBad bool
	}{{2, false}, {3, true}} {
		r := &recorder{TB: t}
		nntest.GradCheck(r, &square{k: tc.k}, x)
		if got := len(r.errs) > 0; got != tc.wantBad {
			t.Errorf("k=%v: failures %q, want failures: %v", tc.k, r.errs, tc.wantBad)
		}
		if tc.wantBad && !strings.Contains(r.errs[0], "analytical") {
			t.Errorf("failure %q does not show the two values", r.errs[0])
		}
	}
}

// halfMSE returns the MSE but half its gradient.
type halfMSE struct{ *loss.MSE }

func (h halfMSE) Grad(p, t *mat.Dense) *mat.Dense {
	g := mat.DenseCopyOf(h.MSE.Grad(p, t))
	g.Scale(0.5, g)
	return g
}

func TestGradCheckLoss(t *testing.T) {
	p := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	y := mat.NewDense(2, 2, []float64{0, 2, 1, 5})
	r := &recorder{TB: t}
	nntest.GradCheckLoss(r, loss.NewMSE(), p, y)
	if len(r.errs) != 0 {
		t.Errorf("correct MSE failed: %q", r.errs)
	}
	r = &recorder{TB: t}
	nntest.GradCheckLoss(r, halfMSE{loss.NewMSE()}, p, y)
	if len(r.errs) == 0 {
		t.Error("halved gradient passed")
	}
}

func TestTestOptimizer(t *testing.T) {
	nntest.TestOptimizer(t, func() nnkit.Optimizer { return optim.NewSGD(0.1) })
	for _, tc := range []struct {
		name string
		opt  func() nnkit.Optimizer
	}{
		{"ascent", func() nnkit.Optimizer { return optim.NewSGD(-0.1) }},
		{"weight decay", func() nnkit.Optimizer { return &optim.SGD{LearningRate: 0.1, WeightDecay: 0.5} }},
	} {
		r := &recorder{TB: t}
		nntest.TestOptimizer(r, tc.opt)
		if len(r.errs) == 0 {
			t.Errorf("%s: passed the optimizer conformance suite", tc.name)
		}
	}
}

func (s *square) String() string { return "square" }

// TestTestLayerCatchesMissingPanics runs the suite on square, which neither
// checks for Backward before Forward nor checks the gradient's shape, so
// it fails with runtime and gonum panics instead of an nnkit.Error.
func TestTestLayerCatchesMissingPanics(t *testing.T) {
	r := &recorder{TB: t}
	nntest.TestLayer(r, func() nnkit.Layer { return &square{k: 2} }, mat.NewDense(2, 2, []float64{1, 2, 3, 4}))
	joined := strings.Join(r.errs, "\n")
	for _, want := range []string{
		"Backward before Forward: panic runtime error: invalid memory address or nil pointer dereference (runtime.errorString), want an nnkit.Error",
		"Backward with a 3×2 gradient after a 2×2 output: panic mat: dimension mismatch (mat.Error), want an nnkit.Error",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("failures %q lack %q", joined, want)
		}
	}
}

// lenient is a loss, Σ pred, that does not check shapes.
type lenient struct{}

func (lenient) String() string { return "lenient" }

func (lenient) Loss(p, _ *mat.Dense) float64 { return mat.Sum(p) }

func (lenient) Grad(p, _ *mat.Dense) *mat.Dense {
	r, c := p.Dims()
	g := mat.NewDense(r, c, nil)
	for i := range r {
		for j := range c {
			g.Set(i, j, 1)
		}
	}
	return g
}

func TestTestLossCatchesMissingShapeCheck(t *testing.T) {
	r := &recorder{TB: t}
	p := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	nntest.TestLoss(r, lenient{}, p, p)
	if len(r.errs) != 2 || !strings.Contains(r.errs[0], "Loss with a 3×2 target for a 2×2 prediction: no panic") {
		t.Errorf("failures %q, want the two missing panics", r.errs)
	}
	r = &recorder{TB: t}
	nntest.TestLoss(r, loss.NewMSE(), p, p)
	if len(r.errs) != 0 {
		t.Errorf("MSE failed the suite: %q", r.errs)
	}
}
