package tune_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/nnbook/nnbook/nnkit/tune"
)

// TestProgressLines: every searcher writes one line per trial, numbered
// k/n, with the best score so far, which never gets worse.
func TestProgressLines(t *testing.T) {
	for _, s := range searchers() {
		for _, workers := range []int{1, 3} {
			var out strings.Builder
			res, err := s.Search(context.Background(), mixedSpace, mixedObjective, tune.Options{Seed: 2, Workers: workers, Progress: &out})
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(lines) != len(res.Trials) {
				t.Fatalf("%v, %d workers: %d lines for %d trials:\n%s", s, workers, len(lines), len(res.Trials), out.String())
			}
			best := res.BestSoFar()
			for k, line := range lines {
				if want := fmt.Sprintf("[%d/%d] trial ", k+1, len(res.Trials)); !strings.HasPrefix(line, want) {
					t.Errorf("%v: line %d %q does not start with %q", s, k, line, want)
				}
				if workers == 1 {
					if want := fmt.Sprintf("best %.4g (trial ", best[k]); !strings.Contains(line, want) {
						t.Errorf("%v: line %d %q does not show the best so far %q", s, k, line, want)
					}
				}
			}
		}
	}
}

// TestTarget: the search ends at the first trial that reaches the target,
// minimising and maximising, one worker or several (where the trials
// running then may finish too).
func TestTarget(t *testing.T) {
	score := func(_ context.Context, p tune.Params) (float64, error) { return float64(p.Int("k")), nil }
	space := tune.Space{tune.IntRange{Name: "k", Min: 0, Max: 99}}
	for _, tc := range []struct {
		dir    tune.Direction
		target float64
	}{{tune.Minimize, 10}, {tune.Maximize, 90}} {
		for _, workers := range []int{1, 4} {
			o := tune.Options{Direction: tc.dir, Workers: workers, Seed: 3, Target: new(tc.target)}
			res, err := tune.NewRandom(1000).Search(context.Background(), space, score, o)
			if err != nil {
				t.Fatal(err)
			}
			first, ok := res.Evaluations(tc.target)
			if !ok || !res.ReachedTarget {
				t.Fatalf("%v: target %v not reached in %d trials", tc.dir, tc.target, len(res.Trials))
			}
			if len(res.Trials) < first || len(res.Trials) > first+workers-1 {
				t.Errorf("%v, %d workers: %d trials, first to reach the target is %d", tc.dir, workers, len(res.Trials), first)
			}
		}
	}
	o := tune.Options{Target: new(0.0)}
	bad := tune.Options{Target: new(math.NaN())}
	if bad.Validate() == nil || o.Validate() != nil {
		t.Errorf("Validate: NaN target %v, zero target %v", bad.Validate(), o.Validate())
	}
}

// TestRandomIsLazy: a random search of 2⁴⁰ trials stopped by its target
// after a few must not draw (or allocate) the others.
func TestRandomIsLazy(t *testing.T) {
	var calls atomic.Int64
	f := func(_ context.Context, p tune.Params) (float64, error) {
		calls.Add(1)
		return p.Float("x"), nil
	}
	space := tune.Space{tune.FloatRange{Name: "x", Min: 0, Max: 1}}
	res, err := tune.NewRandom(1<<40).Search(context.Background(), space, f, tune.Options{Seed: 1, Workers: 2, Target: new(0.2)})
	if err != nil || !res.ReachedTarget || calls.Load() > 100 {
		t.Errorf("err %v, reached %v after %d calls", err, res.ReachedTarget, calls.Load())
	}
}
