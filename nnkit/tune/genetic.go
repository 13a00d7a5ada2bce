package tune

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

var _ Searcher = Genetic{}

// Genetic is a genetic algorithm. Each individual is a parameter set; its
// genes are the coordinates u ∈ [0, 1]^d of the unit cube (Log ranges in
// log space, a Choice by index) and its fitness is the score. Generation 0
// is Population random individuals; each later generation is
//
//	elites:   the Elite best of the previous generation, carried over
//	          unchanged and not evaluated again
//	children: Population − Elite new individuals, each made by
//	  selection  two parents, each the best of TournamentSize individuals
//	             drawn at random (with replacement) from the previous generation
//	  crossover  with probability CrossoverRate, each gene from either
//	             parent with probability ½ (uniform crossover); otherwise a
//	             copy of the first parent
//	  mutation   each gene with probability MutationRate: a range gene
//	             u ← clamp(u + N(0, MutationScale²)), a Choice gene a new
//	             value drawn uniformly
//
// so the search evaluates Population + (Generations − 1)·(Population − Elite)
// trials, generation by generation in that order (the trials of one
// generation run in parallel with Options.Workers > 1). Failed trials have
// the worst fitness. Elitism makes the best score never get worse from one
// generation to the next.
//
// Reference: D. E. Goldberg, "Genetic Algorithms in Search, Optimization
// and Machine Learning", Addison-Wesley 1989; tournament selection: B. L.
// Miller, D. E. Goldberg, "Genetic algorithms, tournament selection, and
// the effects of noise", Complex Systems 9, 1995.
type Genetic struct {
	// Population is the number of individuals per generation. At least 2.
	// Default: 20 (set by NewGenetic).
	Population int
	// Generations is the number of generations, the random first one
	// included. At least 1. Default: 10 (set by NewGenetic).
	Generations int
	// Elite is the number of best individuals copied into the next
	// generation, in [0, Population). Default: 2 (set by NewGenetic).
	Elite int
	// TournamentSize is the number of individuals drawn per selection, in
	// [1, Population]; larger means stronger selection pressure.
	// Default: 3 (set by NewGenetic).
	TournamentSize int
	// CrossoverRate is the probability that a child mixes two parents, in
	// [0, 1]. Default: 0.9 (set by NewGenetic).
	CrossoverRate float64
	// MutationRate is the probability that each gene mutates, in [0, 1].
	// Default: 0.2 (set by NewGenetic).
	MutationRate float64
	// MutationScale is the standard deviation of a range gene's mutation
	// in the unit cube. Positive. Default: 0.1 (set by NewGenetic).
	MutationScale float64
}

// NewGenetic returns a genetic algorithm with the given population and
// number of generations, 2 elites, tournaments of 3, crossover rate 0.9,
// mutation rate 0.2 and mutation scale 0.1.
func NewGenetic(population, generations int) Genetic {
	return Genetic{Population: population, Generations: generations, Elite: 2, TournamentSize: 3,
		CrossoverRate: 0.9, MutationRate: 0.2, MutationScale: 0.1}
}

// Trials returns the number of trials the search runs:
// Population + (Generations − 1)·(Population − Elite).
func (g Genetic) Trials() int { return g.Population + (g.Generations-1)*(g.Population-g.Elite) }

// Validate reports a setting out of range.
func (g Genetic) Validate() error {
	var errs []error
	add := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("nnkit/tune: Genetic: "+format, args...))
	}
	if g.Population < 2 {
		add("Population is %d, need at least 2", g.Population)
	}
	if g.Generations < 1 {
		add("Generations is %d, need at least 1", g.Generations)
	}
	if g.Elite < 0 || g.Elite >= g.Population {
		add("Elite is %d, must be in [0, Population=%d)", g.Elite, g.Population)
	}
	if g.TournamentSize < 1 || g.TournamentSize > g.Population {
		add("TournamentSize is %d, must be in [1, Population=%d]", g.TournamentSize, g.Population)
	}
	for _, r := range []struct {
		name string
		v    float64
	}{{"CrossoverRate", g.CrossoverRate}, {"MutationRate", g.MutationRate}} {
		if !(r.v >= 0 && r.v <= 1) {
			add("%s is %v, must be in [0, 1]", r.name, r.v)
		}
	}
	if !(g.MutationScale > 0) || math.IsInf(g.MutationScale, 0) {
		add("MutationScale is %v, must be positive", g.MutationScale)
	}
	return errors.Join(errs...)
}

// String prints the settings, e.g. "Genetic(population=20, generations=10,
// elite=2, tournament=3, crossover=0.9, mutation=0.2±0.1)".
func (g Genetic) String() string {
	return fmt.Sprintf("Genetic(population=%d, generations=%d, elite=%d, tournament=%d, crossover=%g, mutation=%g±%g)",
		g.Population, g.Generations, g.Elite, g.TournamentSize, g.CrossoverRate, g.MutationRate, g.MutationScale)
}

// Search evolves the population for Generations generations; see
// [Searcher].
func (g Genetic) Search(ctx context.Context, space Space, f Objective, o Options) (*Result, error) {
	if err := checkSearch(space, f, o, g.Validate()); err != nil {
		return nil, err
	}
	return search(ctx, space, f, o, &geneticProposer{g: g, space: space, dir: o.Direction, rnd: newRand(o.Seed)}, g.Population+(g.Generations-1)*(g.Population-g.Elite))
}

// geneticProposer holds the state of one genetic search.
type geneticProposer struct {
	g          Genetic
	space      Space
	dir        Direction
	rnd        *rand.Rand
	generation int     // generations proposed so far
	elites     []Trial // carried into the generation being evaluated
}

func (p *geneticProposer) next(done []Trial) []Params {
	if p.generation == p.g.Generations {
		return nil
	}
	p.generation++
	if p.generation == 1 {
		batch := make([]Params, p.g.Population)
		for i := range batch {
			batch[i] = p.space.Sample(p.rnd)
		}
		return batch
	}
	// The previous generation: its elites and the children just evaluated.
	children := p.g.Population - len(p.elites)
	pop := append(slices.Clone(p.elites), done[len(done)-children:]...)
	slices.SortStableFunc(pop, func(a, b Trial) int { return cmp.Compare(p.loss(a), p.loss(b)) })
	p.elites = pop[:p.g.Elite]

	batch := make([]Params, p.g.Population-p.g.Elite)
	for i := range batch {
		a, b := p.tournament(pop), p.tournament(pop)
		batch[i] = p.space.decode(p.mutate(p.crossover(a, b)))
	}
	return batch
}

// loss returns the trial's loss, +Inf for a failed trial.
func (p *geneticProposer) loss(t Trial) float64 {
	if !t.OK() {
		return math.Inf(1)
	}
	return p.dir.loss(t.Score)
}

// tournament returns the fittest of TournamentSize random members of pop
// (which is sorted, best first, so the smallest index wins).
func (p *geneticProposer) tournament(pop []Trial) Trial {
	best := len(pop)
	for range p.g.TournamentSize {
		best = min(best, p.rnd.IntN(len(pop)))
	}
	return pop[best]
}

// crossover returns a child's genes: uniform crossover of a and b with
// probability CrossoverRate, else a copy of a.
func (p *geneticProposer) crossover(a, b Trial) []float64 {
	ua, ub := p.space.encode(a.Params), p.space.encode(b.Params)
	if p.rnd.Float64() >= p.g.CrossoverRate {
		return ua
	}
	for k := range ua {
		if p.rnd.IntN(2) == 1 {
			ua[k] = ub[k]
		}
	}
	return ua
}

// mutate perturbs each gene of u with probability MutationRate.
func (p *geneticProposer) mutate(u []float64) []float64 {
	for k, d := range p.space {
		if p.rnd.Float64() >= p.g.MutationRate {
			continue
		}
		if n := d.levels(); n > 0 {
			u[k] = (float64(p.rnd.IntN(n)) + 0.5) / float64(n)
		} else {
			u[k] = clamp01(u[k] + p.g.MutationScale*p.rnd.NormFloat64())
		}
	}
	return u
}
