package tune

import (
	"context"
	"fmt"
)

var _ Searcher = Random{}

// Random is random search: Trials parameter sets drawn independently, each
// value from its dimension's distribution (uniform over a Choice's values
// and a Linear range, log-uniform over a Log range).
//
// Random search tries Trials different values of every hyperparameter where
// a grid of the same size tries only its N^(1/d) per dimension, which is why
// it beats grid search when only a few hyperparameters matter (Bergstra &
// Bengio, "Random search for hyper-parameter optimization", JMLR 13, 2012,
// https://jmlr.org/papers/v13/bergstra12a.html).
type Random struct {
	// Trials is the number of parameter sets to try. At least 1.
	Trials int
}

// NewRandom returns random search with the given number of trials.
func NewRandom(trials int) Random { return Random{Trials: trials} }

// Validate reports Trials < 1.
func (r Random) Validate() error {
	if r.Trials < 1 {
		return fmt.Errorf("nnkit/tune: Random: Trials is %d, need at least 1", r.Trials)
	}
	return nil
}

// String prints the settings, e.g. "Random(trials=50)".
func (r Random) String() string { return fmt.Sprintf("Random(trials=%d)", r.Trials) }

// Search runs f on Trials random parameter sets; see [Searcher].
func (r Random) Search(ctx context.Context, space Space, f Objective, o Options) (*Result, error) {
	if err := checkSearch(space, f, o, r.Validate()); err != nil {
		return nil, err
	}
	rnd := newRand(o.Seed)
	all := make([]Params, r.Trials)
	for i := range all {
		all[i] = space.Sample(rnd)
	}
	return search(ctx, space, f, o, &fixed{all: all})
}
