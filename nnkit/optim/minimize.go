package optim

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// Trajectory is the path an optimizer took on a function: X[k] is θ after k
// steps (X[0] is the start) and F[k] = f(X[k]).
//
// A two-dimensional Trajectory is a gonum plotter.XYer (Len and XY), so
// plotter.NewLine(tr) draws the path on a contour plot.
type Trajectory struct {
	X [][]float64
	F []float64
	// Diverged reports that f or θ became NaN or ±Inf, after which
	// Minimize stopped; the non-finite point is not recorded.
	Diverged bool
}

// Len returns the number of points, one more than the number of steps taken.
func (tr Trajectory) Len() int { return len(tr.X) }

// XY returns the first two coordinates of point i.
func (tr Trajectory) XY(i int) (x, y float64) {
	if len(tr.X[i]) < 2 {
		nnkit.Panicf("nnkit/optim: Trajectory.XY: point %d has %d coordinates, need 2", i, len(tr.X[i]))
	}
	return tr.X[i][0], tr.X[i][1]
}

// FirstBelow returns the first step k with F[k] < level, or −1 when the
// trajectory never goes below level: for example the number of steps an
// optimizer needs to escape a saddle point or to reach a given loss.
func (tr Trajectory) FirstBelow(level float64) int {
	for k, f := range tr.F {
		if f < level {
			return k
		}
	}
	return -1
}

// Minimize runs steps steps of opt on the function f with gradient grad,
// starting from x0, and returns the path it took. grad(g, x) must write
// ∇f(x) into g, as gonum's optimize.Problem.Grad does.
//
// The parameter is a single 1×len(x0) [nnkit.Param]: each step writes ∇f(θ)
// into its gradient and calls opt.Step, exactly as a training loop would, so
// any [nnkit.Optimizer] works. Every call of Minimize uses a new Param, so
// it starts the optimizer's per-parameter state afresh. x0 is not modified.
// Minimize stops early, setting Diverged, when f or θ stops being finite.
// It panics if x0 is empty or steps is negative.
func Minimize(opt nnkit.Optimizer, f func(x []float64) float64, grad func(g, x []float64), x0 []float64, steps int) Trajectory {
	return minimize("Minimize", opt, nil, f, grad, x0, steps)
}

// MinimizeScheduled is [Minimize] with the learning rate set from a
// schedule before every step, as a model.LearningRateScheduler with
// PerIteration does in training:
//
//	η ← s.LearningRate(t)   before step t = 0, 1, …, steps−1
//
// so the effect of a step, exponential or cosine schedule on an optimizer's
// path can be seen on a test function. It panics if opt cannot change its
// learning rate (it must implement nnkit.LearningRateSetter), and for the
// reasons Minimize does.
func MinimizeScheduled(opt nnkit.Optimizer, s nnkit.Schedule, f func(x []float64) float64, grad func(g, x []float64), x0 []float64, steps int) Trajectory {
	if s == nil {
		nnkit.Panicf("nnkit/optim: MinimizeScheduled: nil schedule; use Minimize for a constant learning rate")
	}
	return minimize("MinimizeScheduled", opt, s, f, grad, x0, steps)
}

// minimize runs Minimize, setting the learning rate from s when s is not
// nil.
func minimize(name string, opt nnkit.Optimizer, s nnkit.Schedule, f func(x []float64) float64, grad func(g, x []float64), x0 []float64, steps int) Trajectory {
	if len(x0) == 0 || steps < 0 {
		nnkit.Panicf("nnkit/optim: %s: need a non-empty start and steps ≥ 0, got %d coordinates and %d steps", name, len(x0), steps)
	}
	setter, ok := opt.(nnkit.LearningRateSetter)
	if s != nil && !ok {
		nnkit.Panicf("nnkit/optim: %s: optimizer %v cannot change its learning rate (no SetLearningRate method)", name, opt)
	}
	p := nnkit.NewParam("θ", mat.NewDense(1, len(x0), slices.Clone(x0)))
	theta, g := p.Value.RawMatrix().Data, p.Grad.RawMatrix().Data
	tr := Trajectory{X: [][]float64{slices.Clone(theta)}, F: []float64{f(theta)}}
	params := []*nnkit.Param{p}
	for t := range steps {
		if s != nil {
			setter.SetLearningRate(s.LearningRate(t))
		}
		grad(g, theta)
		opt.Step(params)
		fx := f(theta)
		if !finite(fx) || slices.ContainsFunc(theta, notFinite) {
			tr.Diverged = true
			break
		}
		tr.X = append(tr.X, slices.Clone(theta))
		tr.F = append(tr.F, fx)
	}
	return tr
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func notFinite(v float64) bool { return !finite(v) }
