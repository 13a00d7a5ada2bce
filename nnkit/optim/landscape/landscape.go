package landscape

import (
	"github.com/nnbook/nnbook/nnkit"
)

// Saddle is the saddle surface
//
//	f(x, y) = x² − y²,    ∇f = (2x, −2y)
//
// with a saddle point at the origin: a minimum along x and a maximum along y.
// Started on the ridge y = 0 gradient descent walks into the saddle point
// and stays there; started near it, at y = 10⁻⁶ say, it lingers for many
// steps before the tiny y component grows enough to carry it away. f is
// unbounded below.
type Saddle struct{}

// Func returns f(x).
func (Saddle) Func(x []float64) float64 {
	check("Saddle.Func", x)
	return x[0]*x[0] - x[1]*x[1]
}

// Grad writes ∇f(x) into g.
func (Saddle) Grad(g, x []float64) {
	check("Saddle.Grad", x)
	check("Saddle.Grad", g)
	g[0], g[1] = 2*x[0], -2*x[1]
}

// Rosenbrock is Rosenbrock's banana function
//
//	f(x, y) = (1 − x)² + 100·(y − x²)²
//	∇f = (−2(1 − x) − 400·x·(y − x²),  200·(y − x²))
//
// with its global minimum f(1, 1) = 0 at the end of a long, narrow, curved
// valley: the gradient points across the valley rather than along it, so
// plain gradient descent zig-zags and crawls. The usual start is (−1.2, 1).
//
// Reference: H. H. Rosenbrock, "An automatic method for finding the greatest
// or least value of a function", The Computer Journal 3(3), 1960.
type Rosenbrock struct{}

// Func returns f(x).
func (Rosenbrock) Func(x []float64) float64 {
	check("Rosenbrock.Func", x)
	a, b := 1-x[0], x[1]-x[0]*x[0]
	return a*a + 100*b*b
}

// Grad writes ∇f(x) into g.
func (Rosenbrock) Grad(g, x []float64) {
	check("Rosenbrock.Grad", x)
	check("Rosenbrock.Grad", g)
	b := x[1] - x[0]*x[0]
	g[0] = -2*(1-x[0]) - 400*x[0]*b
	g[1] = 200 * b
}

// DoubleWell is a tilted double well
//
//	f(x, y) = (x² − 1)² + x/2 + y²
//	∇f = (4x·(x² − 1) + 1/2,  2y)
//
// It has a global minimum near (−1.0575, 0), where f ≈ −0.5148, a local
// minimum near (0.9304, 0), where f ≈ 0.4833, and a saddle point between
// them near (0.1271, 0). Gradient descent started at x > 0.1271 ends in the
// local minimum; momentum can carry an optimizer over the barrier into the
// global one.
type DoubleWell struct{}

// Func returns f(x).
func (DoubleWell) Func(x []float64) float64 {
	check("DoubleWell.Func", x)
	a := x[0]*x[0] - 1
	return a*a + x[0]/2 + x[1]*x[1]
}

// Grad writes ∇f(x) into g.
func (DoubleWell) Grad(g, x []float64) {
	check("DoubleWell.Grad", x)
	check("DoubleWell.Grad", g)
	g[0] = 4*x[0]*(x[0]*x[0]-1) + 0.5
	g[1] = 2 * x[1]
}

// check panics unless x has two elements.
func check(op string, x []float64) {
	if len(x) != 2 {
		nnkit.Panicf("nnkit/optim/landscape: %s: need 2 coordinates, got %d", op, len(x))
	}
}
