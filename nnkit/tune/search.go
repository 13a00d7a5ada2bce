package tune

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"time"
)

// Objective scores one parameter set, for example by training a model with
// it and returning the validation loss. A returned error, a NaN or ±Inf
// score, or a panic fails that trial only: the search records it and goes
// on. The objective should return soon after ctx is cancelled.
//
// With Options.Workers > 1 the objective runs in several goroutines at once,
// so it must not share mutable state between calls without a lock.
type Objective func(ctx context.Context, p Params) (float64, error)

// Direction says whether lower or higher scores are better.
type Direction int

const (
	// Minimize looks for the lowest score (a loss). It is the zero value.
	Minimize Direction = iota
	// Maximize looks for the highest score (an accuracy).
	Maximize
)

// String returns "minimize" or "maximize".
func (d Direction) String() string {
	switch d {
	case Minimize:
		return "minimize"
	case Maximize:
		return "maximize"
	}
	return fmt.Sprintf("Direction(%d)", int(d))
}

// better reports whether score a beats score b.
func (d Direction) better(a, b float64) bool {
	if d == Maximize {
		return a > b
	}
	return a < b
}

// loss returns the score as a value to minimise.
func (d Direction) loss(score float64) float64 {
	if d == Maximize {
		return -score
	}
	return score
}

// Options are the settings every searcher shares. The zero value minimises
// with one worker and seed 0.
type Options struct {
	// Direction is Minimize (the zero value) or Maximize.
	Direction Direction
	// Workers is the number of trials run at once. 0 and 1 run them one
	// after another in the caller's goroutine.
	Workers int
	// Seed seeds every random choice of the search. The same seed gives the
	// same trials in the same order, whatever Workers is (the Bayesian
	// searcher's batches grow with Workers, so its trials depend on Workers
	// too, but not on timing).
	Seed uint64
	// Progress, when set, receives a line as every trial finishes, with
	// the trial's number among those planned, its score and the best so
	// far:
	//
	//	[3/20] trial 2  score 0.4132  best 0.2871 (trial 0)  hidden=8 lr=0.0316
	//
	// os.Stdout shows it under a notebook cell while the search runs.
	// Default: nil, silent.
	Progress io.Writer
	// Target, when set, ends the search once a trial scores at least as
	// well as *Target (≤ when minimising, ≥ when maximising): no new trial
	// starts, those running finish, and Result.ReachedTarget is set. Go 1.26
	// writes it new(0.95). Default: nil, run every trial.
	Target *float64
}

// Validate reports an unknown direction or a negative worker count.
func (o Options) Validate() error {
	var errs []error
	if o.Direction != Minimize && o.Direction != Maximize {
		errs = append(errs, fmt.Errorf("nnkit/tune: unknown %v; use Minimize or Maximize", o.Direction))
	}
	if o.Workers < 0 {
		errs = append(errs, fmt.Errorf("nnkit/tune: Workers is %d; use 0 or 1 for sequential trials, more to run them in parallel", o.Workers))
	}
	errs = append(errs, validTarget(o.Target))
	return errors.Join(errs...)
}

// workers returns the number of goroutines to run trials in.
func (o Options) workers() int { return max(o.Workers, 1) }

// Searcher is a hyperparameter search strategy: [Grid], [Random],
// [Bayesian] or [Genetic]. Search runs f on the trials it proposes from
// space and returns every trial in order.
//
// A configuration or space problem returns a nil Result and an error before
// any trial runs. When ctx is cancelled or the process receives SIGINT the
// search stops starting trials, waits for those running, and returns the
// Result so far with an *[InterruptedError]. Failed trials never stop a
// search: they are in the Result with their error.
type Searcher interface {
	Search(ctx context.Context, space Space, f Objective, o Options) (*Result, error)
}

// InterruptedError reports a search stopped by a cancelled context or an
// interrupt (SIGINT, the notebook's stop button). The Result returned with
// it holds every trial that ran.
type InterruptedError struct {
	// Trials is the number of trials recorded.
	Trials int
	// Err is the context's cause (on SIGINT, an error that says so and
	// matches context.Canceled).
	Err error
}

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("nnkit/tune: search interrupted after %d trials (%v); the result holds the trials so far", e.Trials, e.Err)
}

// Unwrap returns Err.
func (e *InterruptedError) Unwrap() error { return e.Err }

// proposer is the part of a searcher that differs between strategies: given
// every trial so far, in order, it returns the parameters of the next batch,
// or none when the search is over. A batch runs in parallel; next is called
// again when all of it has finished.
type proposer interface {
	next(done []Trial) []Params
}

// search runs batches from p until it has no more, a trial reaches
// o.Target or ctx is cancelled; total is the planned number of trials (0
// when unknown), for the progress lines.
func search(ctx context.Context, space Space, f Objective, o Options, p proposer, total int) (*Result, error) {
	res := &Result{Direction: o.Direction, Names: space.Names()}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	m := newMonitor(o, total)
	for {
		if ctx.Err() != nil {
			return res, &InterruptedError{Trials: len(res.Trials), Err: context.Cause(ctx)}
		}
		if m.stop() {
			res.ReachedTarget = true
			return res, nil
		}
		batch := p.next(res.Trials)
		if len(batch) == 0 {
			return res, nil
		}
		res.Trials = append(res.Trials, runBatch(ctx, f, o, len(res.Trials), batch, m)...)
	}
}

// checkSearch validates the space, the options and the searcher's config.
func checkSearch(space Space, f Objective, o Options, config error) error {
	var nilObjective error
	if f == nil {
		nilObjective = errors.New("nnkit/tune: nil Objective")
	}
	return errors.Join(space.Validate(), o.Validate(), config, nilObjective)
}

// runBatch runs the trials of batch, numbered from first, on o.Workers
// goroutines, recording each in m, and returns those that started, in
// order. Trials are handed out in order, so the ones not started when ctx
// is cancelled or m has seen the target reached are a suffix.
func runBatch(ctx context.Context, f Objective, o Options, first int, batch []Params, m *monitor) []Trial {
	trials := make([]Trial, len(batch))
	started := make([]bool, len(batch))
	if o.workers() == 1 {
		for i, p := range batch {
			if ctx.Err() != nil || m.stop() {
				break
			}
			started[i] = true
			trials[i] = runTrial(ctx, f, first+i, p)
			m.record(trials[i])
		}
	} else {
		var (
			mu   sync.Mutex // mu guards next and started
			next int
			wg   sync.WaitGroup
		)
		for range min(o.workers(), len(batch)) {
			wg.Go(func() {
				for {
					mu.Lock()
					i := next
					if i == len(batch) || ctx.Err() != nil || m.stop() {
						mu.Unlock()
						return
					}
					next++
					started[i] = true
					mu.Unlock()
					trials[i] = runTrial(ctx, f, first+i, batch[i])
					m.record(trials[i])
				}
			})
		}
		wg.Wait()
	}
	n := 0
	for n < len(batch) && started[n] {
		n++
	}
	return trials[:n]
}

// runTrial calls f once, turning a panic or a non-finite score into the
// trial's error.
func runTrial(ctx context.Context, f Objective, index int, p Params) (t Trial) {
	t = Trial{Index: index, Params: p, Score: math.NaN()}
	start := time.Now()
	defer func() {
		t.Duration = time.Since(start)
		if r := recover(); r != nil {
			t.Score = math.NaN()
			t.Err = fmt.Errorf("nnkit/tune: trial %d panicked: %v\n%s", index, r, debug.Stack())
		}
	}()
	score, err := f(ctx, p)
	switch {
	case err != nil:
		t.Err = err
	case math.IsNaN(score) || math.IsInf(score, 0):
		t.Err = fmt.Errorf("nnkit/tune: trial %d scored %v; the objective diverged or is undefined there", index, score)
	default:
		t.Score = score
	}
	return t
}

// newRand returns the search's random source.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }
