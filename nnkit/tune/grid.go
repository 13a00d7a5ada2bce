package tune

import (
	"context"
	"fmt"
)

var _ Searcher = Grid{}

// Grid is grid search: it tries every combination of the dimensions' grid
// values, so the number of trials is the product
//
//	N = ∏ᵢ nᵢ,  nᵢ = k values of a Choice, Max − Min + 1 of an IntRange,
//	             Points of a FloatRange
//
// The last dimension of the space varies fastest, as nested loops in
// space order would visit them. N grows exponentially with the number of
// dimensions, and only Points values of each continuous hyperparameter are
// ever tried; random search usually finds good values with fewer trials
// (Bergstra & Bengio, "Random search for hyper-parameter optimization",
// JMLR 13, 2012).
type Grid struct {
	// Points is the number of grid values of each FloatRange, both ends
	// included and spaced on the range's scale (1 tries the middle). At
	// least 1. Default: 5 (set by NewGrid).
	Points int
	// Shuffle visits the combinations in a random order drawn from
	// Options.Seed, so that a search stopped early has spread its trials
	// over the whole grid. Default: false.
	Shuffle bool
}

// NewGrid returns grid search with points values per continuous range.
func NewGrid(points int) Grid { return Grid{Points: points} }

// Validate reports Points < 1.
func (g Grid) Validate() error {
	if g.Points < 1 {
		return fmt.Errorf("nnkit/tune: Grid: Points is %d; need at least 1 grid value per FloatRange", g.Points)
	}
	return nil
}

// String prints the settings, e.g. "Grid(points=5)".
func (g Grid) String() string {
	if g.Shuffle {
		return fmt.Sprintf("Grid(points=%d, shuffled)", g.Points)
	}
	return fmt.Sprintf("Grid(points=%d)", g.Points)
}

// Search runs f on every combination; see [Searcher].
func (g Grid) Search(ctx context.Context, space Space, f Objective, o Options) (*Result, error) {
	if err := checkSearch(space, f, o, g.Validate()); err != nil {
		return nil, err
	}
	all := g.combinations(space)
	if g.Shuffle {
		r := newRand(o.Seed)
		r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	}
	return search(ctx, space, f, o, &fixed{all: all}, len(all))
}

// combinations returns every grid point in order, the last dimension
// varying fastest.
func (g Grid) combinations(space Space) []Params {
	values := make([][]any, len(space))
	n := 1
	for i, d := range space {
		values[i] = d.grid(g.Points)
		n *= len(values[i])
	}
	all := make([]Params, n)
	for k := range all {
		p := make(Params, len(space))
		rest := k
		for i := len(space) - 1; i >= 0; i-- {
			vs := values[i]
			p[space[i].key()] = vs[rest%len(vs)]
			rest /= len(vs)
		}
		all[k] = p
	}
	return all
}

// fixed proposes a list of trials drawn up front, all in one batch.
type fixed struct {
	all []Params
}

func (f *fixed) next(done []Trial) []Params { return f.all[len(done):] }
