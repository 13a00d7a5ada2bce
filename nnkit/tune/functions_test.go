package tune_test

import (
	"context"
	"math"

	"github.com/nnbook/nnbook/nnkit/tune"
)

// testFunction is a standard optimisation test problem on a box.
type testFunction struct {
	name    string
	space   tune.Space
	f       func(x1, x2 float64) float64
	minimum float64 // the global minimum value
}

// objective adapts t.f to a tune.Objective over hyperparameters x1, x2.
func (t testFunction) objective() tune.Objective {
	return func(_ context.Context, p tune.Params) (float64, error) {
		return t.f(p.Float("x1"), p.Float("x2")), nil
	}
}

func box(lo1, hi1, lo2, hi2 float64) tune.Space {
	return tune.Space{
		tune.FloatRange{Name: "x1", Min: lo1, Max: hi1},
		tune.FloatRange{Name: "x2", Min: lo2, Max: hi2},
	}
}

// branin is the Branin–Hoo function on x1 ∈ [−5, 10], x2 ∈ [0, 15]:
//
//	f = a(x2 − b·x1² + c·x1 − r)² + s(1 − t)·cos x1 + s
//
// with a = 1, b = 5.1/(4π²), c = 5/π, r = 6, s = 10, t = 1/(8π). Its three
// global minima, f = 0.397887, are at (−π, 12.275), (π, 2.275) and
// (9.42478, 2.475) (Dixon & Szegő 1978; https://www.sfu.ca/~ssurjano/branin.html).
var branin = testFunction{
	name:  "Branin",
	space: box(-5, 10, 0, 15),
	f: func(x1, x2 float64) float64 {
		const a, r, s = 1, 6, 10
		b, c, t := 5.1/(4*math.Pi*math.Pi), 5/math.Pi, 1/(8*math.Pi)
		u := x2 - b*x1*x1 + c*x1 - r
		return a*u*u + s*(1-t)*math.Cos(x1) + s
	},
	minimum: 0.397887,
}

// quadratic is an ill-conditioned convex bowl on [−5, 5]²,
// f = (x1 − 1)² + 10·(x2 + 2)², minimum 0 at (1, −2).
var quadratic = testFunction{
	name:  "quadratic",
	space: box(-5, 5, -5, 5),
	f: func(x1, x2 float64) float64 {
		return (x1-1)*(x1-1) + 10*(x2+2)*(x2+2)
	},
	minimum: 0,
}

// rastrigin is the 2-D Rastrigin function on [−5.12, 5.12]²,
// f = 20 + Σᵢ (xᵢ² − 10·cos 2πxᵢ), minimum 0 at the origin among a lattice
// of local minima.
var rastrigin = testFunction{
	name:  "Rastrigin",
	space: box(-5.12, 5.12, -5.12, 5.12),
	f: func(x1, x2 float64) float64 {
		return 20 + x1*x1 - 10*math.Cos(2*math.Pi*x1) + x2*x2 - 10*math.Cos(2*math.Pi*x2)
	},
	minimum: 0,
}
