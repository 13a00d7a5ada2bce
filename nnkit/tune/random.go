package tune

import (
	"context"
	"fmt"
	"math/rand/v2"
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
	return search(ctx, space, f, o, &randomProposer{space: space, rnd: newRand(o.Seed), trials: r.Trials, batch: o.workers()}, r.Trials)
}

// randomProposer draws the parameter sets of a random search as they are
// needed, one batch of Workers at a time, so a search of a million trials
// stopped after ten (by Options.Target or an interrupt) has drawn about
// ten. They are drawn in order from one source, so the trials are the same
// whatever the batch size.
type randomProposer struct {
	space  Space
	rnd    *rand.Rand
	trials int // the total to propose
	batch  int // the most to propose at once
}

func (r *randomProposer) next(done []Trial) []Params {
	n := min(r.batch, r.trials-len(done))
	if n <= 0 {
		return nil
	}
	ps := make([]Params, n)
	for i := range ps {
		ps[i] = r.space.Sample(r.rnd)
	}
	return ps
}
