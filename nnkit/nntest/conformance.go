package nntest

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// TestLayer runs the conformance suite for a Layer on input x. newLayer must
// return a fresh layer each time it is called. It checks that
//   - Backward before Forward panics with an [nnkit.Error];
//   - the layer has a String method;
//   - Forward keeps the number of rows and leaves x unchanged;
//   - Forward in Eval mode is deterministic;
//   - Backward returns a matrix of x's shape and panics with an [nnkit.Error]
//     naming the shapes when the gradient has the wrong shape;
//   - every Param has a name and a gradient of its value's shape;
//   - the gradients pass [GradCheck].
func TestLayer(t testing.TB, newLayer func() nnkit.Layer, x *mat.Dense) {
	t.Helper()
	l := newLayer()
	if _, ok := l.(fmt.Stringer); !ok {
		t.Errorf("%T has no String method", l)
	}
	expectPanic(t, fmt.Sprintf("%v: Backward before Forward", l), func() { l.Backward(x) })

	orig := mat.DenseCopyOf(x)
	y1 := mat.DenseCopyOf(l.Forward(x, nnkit.Eval))
	y2 := l.Forward(x, nnkit.Eval)
	if !mat.Equal(y1, y2) {
		t.Errorf("%v: two Eval Forwards of the same input differ", l)
	}
	if !mat.Equal(x, orig) {
		t.Errorf("%v: Forward modified its input", l)
	}
	xr, xc := x.Dims()
	yr, yc := y2.Dims()
	if yr != xr {
		t.Errorf("%v: Forward of %d rows returned %d rows", l, xr, yr)
	}
	dx := l.Backward(mat.NewDense(yr, yc, nil))
	if r, c := dx.Dims(); r != xr || c != xc {
		t.Errorf("%v: Backward returned %d×%d, want the input's %d×%d", l, r, c, xr, xc)
	}
	wrong := mat.NewDense(yr+1, yc, nil)
	msg := expectPanic(t, fmt.Sprintf("%v: Backward with a %d×%d gradient after a %d×%d output", l, yr+1, yc, yr, yc), func() { l.Backward(wrong) })
	if msg != "" && !containsShape(msg, yr+1, yc) {
		t.Errorf("%v: panic %q does not name the gradient's shape %d×%d", l, msg, yr+1, yc)
	}
	for _, p := range l.Params() {
		if p.Name == "" {
			t.Errorf("%v: a parameter has no name", l)
		}
		vr, vc := p.Value.Dims()
		if gr, gc := p.Grad.Dims(); gr != vr || gc != vc {
			t.Errorf("%v: %s: gradient %d×%d, value %d×%d", l, p.Name, gr, gc, vr, vc)
		}
	}
	GradCheck(t, newLayer(), x)
}

// TestLoss runs the conformance suite for a Loss at (pred, target). It checks
// that the loss is finite, that Grad has pred's shape, that neither call
// modifies its arguments, that a target with one row too many panics with an
// [nnkit.Error] naming the shapes, and that Grad passes [GradCheckLoss].
func TestLoss(t testing.TB, loss nnkit.Loss, pred, target *mat.Dense) {
	t.Helper()
	if _, ok := loss.(fmt.Stringer); !ok {
		t.Errorf("%T has no String method", loss)
	}
	p0, t0 := mat.DenseCopyOf(pred), mat.DenseCopyOf(target)
	v := loss.Loss(pred, target)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		t.Errorf("%v: Loss = %v, want a finite value", loss, v)
	}
	g := loss.Grad(pred, target)
	pr, pc := pred.Dims()
	if gr, gc := g.Dims(); gr != pr || gc != pc {
		t.Errorf("%v: Grad returned %d×%d for a prediction of %d×%d", loss, gr, gc, pr, pc)
	}
	if !mat.Equal(pred, p0) || !mat.Equal(target, t0) {
		t.Errorf("%v: Loss or Grad modified its arguments", loss)
	}
	tr, tc := target.Dims()
	big := mat.NewDense(tr+1, tc, nil)
	for _, call := range []struct {
		name string
		fn   func()
	}{
		{"Loss", func() { loss.Loss(pred, big) }},
		{"Grad", func() { loss.Grad(pred, big) }},
	} {
		msg := expectPanic(t, fmt.Sprintf("%v: %s with a %d×%d target for a %d×%d prediction", loss, call.name, tr+1, tc, pr, pc), call.fn)
		if msg != "" && (!containsShape(msg, tr+1, tc) || !containsShape(msg, pr, pc)) {
			t.Errorf("%v: %s panic %q does not name both shapes %d×%d and %d×%d", loss, call.name, msg, pr, pc, tr+1, tc)
		}
	}
	GradCheckLoss(t, loss, pred, target)
}

// expectPanic calls fn and reports an error unless it panics with an
// nnkit.Error; it returns the panic message ("" when there was none).
func expectPanic(t testing.TB, what string, fn func()) (msg string) {
	t.Helper()
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				if e, ok := r.(error); ok {
					err = e
				} else {
					err = fmt.Errorf("%v", r)
				}
			}
		}()
		fn()
		return nil
	}()
	var ne nnkit.Error
	switch {
	case err == nil:
		t.Errorf("%s: no panic, want an nnkit.Error", what)
	case !errors.As(err, &ne):
		t.Errorf("%s: panic %v (%T), want an nnkit.Error", what, err, err)
	default:
		return ne.Error()
	}
	return ""
}

// containsShape reports whether msg names the shape r×c, written "r×c".
func containsShape(msg string, r, c int) bool {
	return strings.Contains(msg, fmt.Sprintf("%d×%d", r, c))
}
