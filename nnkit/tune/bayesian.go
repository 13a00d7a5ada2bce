package tune

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
)

var _ Searcher = Bayesian{}

// Bayesian is Bayesian optimisation with a Gaussian-process surrogate and
// the expected-improvement acquisition function. The first Initial trials
// are random. Before each later trial it maps every finished trial's
// parameters into the unit cube u ∈ [0, 1]^d (Log ranges in log space, a
// Choice by index) and standardises the losses (scores, negated when
// maximising) to mean 0 and variance 1, a failed trial counting as the
// worst loss seen so that the search avoids its neighbourhood. It fits a
// [GP] to them, choosing the length scales, signal variance and noise by
// maximum marginal likelihood ([GP.MaximizeLikelihood]), and proposes the
// point that maximises the expected improvement over the best loss y* so
// far:
//
//	EI(u) = (y* − μ − ξ)·Φ(z) + σ·φ(z),   z = (y* − μ − ξ)/σ
//
// where μ, σ² are the GP's posterior mean and variance at u, Φ and φ the
// standard normal distribution and density, and ξ ≥ 0 (field Exploration)
// trades exploitation for exploration. EI is maximised over Candidates
// random points and small perturbations of the best trial, then refined
// by a pattern search from the three best.
//
// With Options.Workers = w > 1, trials are proposed in batches of w by the
// "kriging believer" heuristic: after each pick the GP is conditioned on
// its own prediction there, which pushes the next pick elsewhere.
//
// A Choice is treated as ordered by its list, which suits numeric values
// but not unordered labels.
//
// Reference: D. R. Jones, M. Schonlau, W. J. Welch, "Efficient global
// optimization of expensive black-box functions", J. Global Optim. 13,
// 1998; J. Snoek, H. Larochelle, R. P. Adams, "Practical Bayesian
// optimization of machine learning algorithms", NeurIPS 2012,
// https://arxiv.org/abs/1206.2944.
//
// Cost per trial: O(n³) per likelihood evaluation for n finished trials
// (a few hundred evaluations per fit) and O(n²) per EI evaluation.
type Bayesian struct {
	// Trials is the total number of trials, the random ones included. At
	// least 1.
	Trials int
	// Initial is the number of random trials before the GP takes over. At
	// least 1. Default: 5 (set by NewBayesian).
	Initial int
	// Kernel is the GP's kernel. Default: Matern52{} (set by NewBayesian).
	Kernel Kernel
	// Exploration is ξ in EI, in units of the standardised loss; larger
	// values explore more. Not negative. Default: 0 (set by NewBayesian):
	// EI balances the two by itself, and a positive ξ keeps it from
	// refining the best point once ξ exceeds the improvements left.
	Exploration float64
	// Candidates is the number of random points at which EI is evaluated
	// before refinement. At least 1. Default: 1000 (set by NewBayesian).
	Candidates int
	// Restarts is the number of random restarts of the likelihood
	// maximisation, besides the one from the previous trial's
	// hyperparameters. Not negative. Default: 1 (set by NewBayesian).
	Restarts int
}

// NewBayesian returns Bayesian optimisation with the given total number of
// trials, 5 of them random, a Matérn 5/2 kernel, ξ = 0, 1000 EI
// candidates and 1 likelihood restart.
func NewBayesian(trials int) Bayesian {
	return Bayesian{Trials: trials, Initial: 5, Kernel: Matern52{}, Exploration: 0, Candidates: 1000, Restarts: 1}
}

// Validate reports a setting out of range.
func (b Bayesian) Validate() error {
	var errs []error
	add := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("nnkit/tune: Bayesian: "+format, args...))
	}
	if b.Trials < 1 {
		add("Trials is %d, need at least 1", b.Trials)
	}
	if b.Initial < 1 {
		add("Initial is %d, need at least 1 random trial", b.Initial)
	}
	if b.Kernel == nil {
		add("no Kernel; use Matern52{} or RBF{}")
	}
	if !(b.Exploration >= 0) || math.IsInf(b.Exploration, 0) {
		add("Exploration is %v, must be finite and not negative", b.Exploration)
	}
	if b.Candidates < 1 {
		add("Candidates is %d, need at least 1", b.Candidates)
	}
	if b.Restarts < 0 {
		add("Restarts is %d, must not be negative", b.Restarts)
	}
	return errors.Join(errs...)
}

// String prints the settings, e.g.
// "Bayesian(trials=30, initial=5, kernel=Matérn5/2, ξ=0)".
func (b Bayesian) String() string {
	return fmt.Sprintf("Bayesian(trials=%d, initial=%d, kernel=%v, ξ=%g)", b.Trials, b.Initial, b.Kernel, b.Exploration)
}

// Search runs f on Trials parameter sets chosen by Bayesian optimisation;
// see [Searcher].
func (b Bayesian) Search(ctx context.Context, space Space, f Objective, o Options) (*Result, error) {
	if err := checkSearch(space, f, o, b.Validate()); err != nil {
		return nil, err
	}
	return search(ctx, space, f, o, &bayesProposer{
		b: b, space: space, dir: o.Direction, workers: o.workers(),
		rnd: newRand(o.Seed), gp: NewGP(b.Kernel, len(space)),
	}, b.Trials)
}

// bayesProposer holds the state of one Bayesian search.
type bayesProposer struct {
	b       Bayesian
	space   Space
	dir     Direction
	workers int
	rnd     *rand.Rand
	gp      *GP
}

func (p *bayesProposer) next(done []Trial) []Params {
	n := len(done)
	size := min(p.workers, p.b.Trials-n)
	if size <= 0 {
		return nil
	}
	x, y := p.data(done)
	if n < p.b.Initial || len(y) == 0 {
		if n < p.b.Initial {
			size = min(p.b.Initial, p.b.Trials) - n
		}
		batch := make([]Params, size)
		for i := range batch {
			batch[i] = p.space.Sample(p.rnd)
		}
		return batch
	}
	if p.gp.MaximizeLikelihood(x, y, p.b.Restarts, p.rnd) != nil {
		// K is singular for every hyperparameter tried: try a random point.
		return []Params{p.space.Sample(p.rnd)}
	}
	batch := make([]Params, 0, size)
	for {
		u := p.maximizeEI(x, y)
		batch = append(batch, p.space.decode(u))
		if len(batch) == size {
			return batch
		}
		// Kriging believer: pretend the GP's mean was observed at u.
		mu, _ := p.gp.Predict(u)
		x = appendRow(x, u)
		y = append(y, mu)
		if p.gp.Fit(x, y) != nil {
			return batch
		}
	}
}

// data returns the finished trials in the unit cube and their standardised
// losses. Failed trials get the worst loss of the successful ones and are
// left out when there are none.
func (p *bayesProposer) data(done []Trial) (*mat.Dense, []float64) {
	worst := math.Inf(-1)
	for _, t := range done {
		if t.OK() {
			worst = max(worst, p.dir.loss(t.Score))
		}
	}
	if math.IsInf(worst, -1) {
		return nil, nil
	}
	var rows, y []float64
	for _, t := range done {
		loss := worst
		if t.OK() {
			loss = p.dir.loss(t.Score)
		}
		rows = append(rows, p.space.encode(t.Params)...)
		y = append(y, loss)
	}
	// Standardise: mean 0, variance 1 (the GP's prior).
	mean, sd := 0.0, 0.0
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	for _, v := range y {
		sd += (v - mean) * (v - mean)
	}
	sd = math.Sqrt(sd / float64(len(y)))
	if sd == 0 {
		sd = 1
	}
	for i := range y {
		y[i] = (y[i] - mean) / sd
	}
	return mat.NewDense(len(y), len(p.space), rows), y
}

// maximizeEI returns the point of the unit cube with the largest expected
// improvement over the best of the standardised losses y at the rows of x,
// snapped to a value the space can take.
func (p *bayesProposer) maximizeEI(x *mat.Dense, y []float64) []float64 {
	d := len(p.space)
	bestRow := argmin(y)
	yBest := y[bestRow]
	ei := func(u []float64) float64 {
		return expectedImprovement(p.gp, p.snap(u), yBest, p.b.Exploration)
	}
	type cand struct {
		u  []float64
		ei float64
	}
	// Random candidates, and perturbations of the best point so far.
	cands := make([]cand, p.b.Candidates+p.b.Candidates/10)
	for i := range cands {
		u := make([]float64, d)
		for k := range u {
			if i < p.b.Candidates {
				u[k] = p.rnd.Float64()
			} else {
				u[k] = clamp01(x.At(bestRow, k) + 0.05*p.rnd.NormFloat64())
			}
		}
		cands[i] = cand{u, ei(u)}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(b.ei, a.ei) })
	best := cands[0]
	for _, c := range cands[:min(3, len(cands))] {
		u, v := patternSearch(ei, c.u, c.ei)
		if v > best.ei {
			best = cand{u, v}
		}
	}
	return p.snap(best.u)
}

// snap maps u to the unit-cube image of the parameters it decodes to, so
// that integer and choice coordinates sit where their values are encoded.
func (p *bayesProposer) snap(u []float64) []float64 { return p.space.encode(p.space.decode(u)) }

// expectedImprovement returns EI at u for minimisation of the GP's latent
// function with incumbent yBest and margin xi.
func expectedImprovement(g *GP, u []float64, yBest, xi float64) float64 {
	mu, v := g.Predict(u)
	sigma := math.Sqrt(v)
	imp := yBest - mu - xi
	if sigma < 1e-12 {
		return max(imp, 0)
	}
	z := imp / sigma
	return imp*normalCDF(z) + sigma*normalPDF(z)
}

// patternSearch climbs f from u by coordinate steps of ±h in the unit
// cube, halving h when no step improves, until h < 1e-3 or 200 steps;
// it returns the best point and value.
func patternSearch(f func([]float64) float64, u []float64, fu float64) ([]float64, float64) {
	u = slices.Clone(u)
	trial := make([]float64, len(u))
	for h, steps := 0.05, 0; h >= 1e-3 && steps < 200; steps++ {
		moved := false
		for k := range u {
			for _, s := range [2]float64{h, -h} {
				copy(trial, u)
				trial[k] = clamp01(u[k] + s)
				if v := f(trial); v > fu {
					copy(u, trial)
					fu, moved = v, true
					break
				}
			}
		}
		if !moved {
			h /= 2
		}
	}
	return u, fu
}

func normalPDF(z float64) float64 { return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) }

func normalCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// argmin returns the index of the smallest value, the first on a tie.
func argmin(y []float64) int {
	best := 0
	for i, v := range y {
		if v < y[best] {
			best = i
		}
	}
	return best
}

// appendRow returns x with row u added below.
func appendRow(x *mat.Dense, u []float64) *mat.Dense {
	r, c := x.Dims()
	data := append(slices.Clone(x.RawMatrix().Data[:r*c]), u...)
	return mat.NewDense(r+1, c, data)
}
