package landscape_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/optim/landscape"
)

type function interface {
	Func(x []float64) float64
	Grad(g, x []float64)
}

var functions = []struct {
	name string
	f    function
}{
	{"Saddle", landscape.Saddle{}},
	{"Rosenbrock", landscape.Rosenbrock{}},
	{"DoubleWell", landscape.DoubleWell{}},
}

// TestGrad compares Grad with central differences at random points.
func TestGrad(t *testing.T) {
	const (
		h   = 1e-5
		tol = 1e-6 // relative to max(1, |∂f/∂x|)
	)
	rnd := rand.New(rand.NewPCG(1, 1))
	for _, fn := range functions {
		for range 20 {
			x := []float64{4*rnd.Float64() - 2, 4*rnd.Float64() - 2}
			g := make([]float64, 2)
			fn.f.Grad(g, x)
			for i := range x {
				xp, xm := []float64{x[0], x[1]}, []float64{x[0], x[1]}
				xp[i] += h
				xm[i] -= h
				want := (fn.f.Func(xp) - fn.f.Func(xm)) / (2 * h)
				if math.Abs(g[i]-want) > tol*max(1, math.Abs(want)) {
					t.Errorf("%s: ∂f/∂x%d at %v = %v, central difference %v", fn.name, i, x, g[i], want)
				}
			}
		}
	}
}

// TestStationaryPoints checks the stationary points the doc comments give
// (rounded there to four decimals; the ones below are Newton's method on
// f′ = 0 to 1e-12).
func TestStationaryPoints(t *testing.T) {
	for _, test := range []struct {
		name string
		f    function
		x    []float64
		fx   float64
	}{
		{"Saddle", landscape.Saddle{}, []float64{0, 0}, 0},
		{"Rosenbrock", landscape.Rosenbrock{}, []float64{1, 1}, 0},
		{"DoubleWell global", landscape.DoubleWell{}, []float64{-1.0574537707384, 0}, -0.5147536412757},
		{"DoubleWell local", landscape.DoubleWell{}, []float64{0.9304029265559, 0}, 0.4832514917148},
		{"DoubleWell saddle", landscape.DoubleWell{}, []float64{0.1270508441825, 0}, 1.0315021495610},
	} {
		g := make([]float64, 2)
		test.f.Grad(g, test.x)
		if math.Hypot(g[0], g[1]) > 1e-11 {
			t.Errorf("%s: ∇f%v = %v, want 0", test.name, test.x, g)
		}
		if got := test.f.Func(test.x); math.Abs(got-test.fx) > 1e-12 {
			t.Errorf("%s: f%v = %.13f, want %.13f", test.name, test.x, got, test.fx)
		}
	}
}

func TestPanics(t *testing.T) {
	for _, fn := range functions {
		err := nnkit.Maybe(func() { fn.f.Func([]float64{1, 2, 3}) })
		if err == nil || !strings.Contains(err.Error(), "need 2 coordinates, got 3") {
			t.Errorf("%s.Func with 3 coordinates: got %v", fn.name, err)
		}
		err = nnkit.Maybe(func() { fn.f.Grad(make([]float64, 1), []float64{1, 2}) })
		if err == nil || !strings.Contains(err.Error(), "need 2 coordinates, got 1") {
			t.Errorf("%s.Grad into 1 coordinate: got %v", fn.name, err)
		}
	}
}
