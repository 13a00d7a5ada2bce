package tune_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nnbook/nnbook/nnkit/tune"
)

// mixedSpace has one dimension of each kind.
var mixedSpace = tune.Space{
	tune.FloatRange{Name: "lr", Min: 1e-4, Max: 1e-1, Scale: tune.Log},
	tune.IntRange{Name: "layers", Min: 1, Max: 4},
	tune.Choice{Name: "act", Values: []any{"relu", "tanh", "sigmoid"}},
}

// mixedObjective is smooth in lr and layers, and prefers tanh.
func mixedObjective(_ context.Context, p tune.Params) (float64, error) {
	l := math.Log10(p.Float("lr")) + 2
	s := l*l + 0.1*float64((p.Int("layers")-2)*(p.Int("layers")-2))
	if p.Str("act") != "tanh" {
		s += 0.5
	}
	return s, nil
}

// searchers returns one small configuration of each searcher.
func searchers() []tune.Searcher {
	b := tune.NewBayesian(12)
	b.Candidates = 200
	return []tune.Searcher{
		tune.Grid{Points: 3, Shuffle: true},
		tune.NewRandom(20),
		b,
		tune.NewGenetic(6, 3),
	}
}

// paramsOf returns the parameters of every trial.
func paramsOf(r *tune.Result) []tune.Params {
	ps := make([]tune.Params, len(r.Trials))
	for i, t := range r.Trials {
		ps[i] = t.Params
	}
	return ps
}

func TestSameSeedSameTrials(t *testing.T) {
	ctx := context.Background()
	for _, s := range searchers() {
		for _, workers := range []int{1, 4} {
			o := tune.Options{Seed: 7, Workers: workers}
			r1, err := s.Search(ctx, mixedSpace, mixedObjective, o)
			if err != nil {
				t.Fatalf("%v workers=%d: %v", s, workers, err)
			}
			r2, err := s.Search(ctx, mixedSpace, mixedObjective, o)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(paramsOf(r1), paramsOf(r2)) || !reflect.DeepEqual(r1.Scores(), r2.Scores()) {
				t.Errorf("%v workers=%d: two runs with seed 7 differ", s, workers)
			}
			for i, tr := range r1.Trials {
				if tr.Index != i {
					t.Errorf("%v workers=%d: trial %d has Index %d", s, workers, i, tr.Index)
				}
			}
			o.Seed = 8
			r3, err := s.Search(ctx, mixedSpace, mixedObjective, o)
			if err != nil {
				t.Fatal(err)
			}
			if reflect.DeepEqual(paramsOf(r1), paramsOf(r3)) {
				t.Errorf("%v workers=%d: seeds 7 and 8 gave the same trials", s, workers)
			}
		}
	}
}

// Except for the Bayesian searcher, whose batches grow with the worker
// count, parallel trials are the sequential ones in the same order.
func TestWorkersKeepOrder(t *testing.T) {
	ctx := context.Background()
	for _, s := range searchers() {
		if _, ok := s.(tune.Bayesian); ok {
			continue
		}
		seq, err := s.Search(ctx, mixedSpace, mixedObjective, tune.Options{Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		// Later trials finish first: each sleeps less than the one before.
		var calls atomic.Int64
		slowFirst := func(ctx context.Context, p tune.Params) (float64, error) {
			time.Sleep(time.Duration(40-min(calls.Add(1), 40)) * 50 * time.Microsecond)
			return mixedObjective(ctx, p)
		}
		par, err := s.Search(ctx, mixedSpace, slowFirst, tune.Options{Seed: 3, Workers: 3})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(paramsOf(seq), paramsOf(par)) || !reflect.DeepEqual(seq.Scores(), par.Scores()) {
			t.Errorf("%v: 3 workers gave other trials than 1", s)
		}
	}
}

func TestFailingTrials(t *testing.T) {
	errBad := errors.New("bad learning rate")
	f := func(ctx context.Context, p tune.Params) (float64, error) {
		switch p.Int("layers") {
		case 1:
			return 0, errBad
		case 2:
			return math.NaN(), nil
		case 3:
			panic("boom")
		}
		return mixedObjective(ctx, p)
	}
	for _, s := range searchers() {
		for _, workers := range []int{1, 2} {
			r, err := s.Search(context.Background(), mixedSpace, f, tune.Options{Seed: 1, Workers: workers})
			if err != nil {
				t.Fatalf("%v: %v", s, err)
			}
			failed := 0
			for _, tr := range r.Trials {
				want := ""
				switch tr.Params.Int("layers") {
				case 1:
					want = errBad.Error()
				case 2:
					want = "scored NaN"
				case 3:
					want = "panicked: boom"
				}
				switch {
				case want == "" && !tr.OK():
					t.Errorf("%v: trial %d failed: %v", s, tr.Index, tr.Err)
				case want != "" && (tr.OK() || !strings.Contains(tr.Err.Error(), want) || !math.IsNaN(tr.Score)):
					t.Errorf("%v: trial %d (%v): err %v score %v, want an error containing %q and NaN", s, tr.Index, tr.Params, tr.Err, tr.Score, want)
				case want != "":
					failed++
				}
			}
			if failed == 0 || failed != r.Failed() {
				t.Errorf("%v: %d failed trials seen, Failed() = %d", s, failed, r.Failed())
			}
			if best, ok := r.Best(); !ok || best.Params.Int("layers") != 4 {
				t.Errorf("%v: best %v (ok %v), want a trial with 4 layers, the only kind that succeeds", s, best.Params, ok)
			}
		}
	}
}

func TestCancelKeepsResults(t *testing.T) {
	const stopAfter = 5
	for _, s := range searchers() {
		for _, workers := range []int{1, 3} {
			ctx, cancel := context.WithCancel(context.Background())
			// The count and the cancel happen under one lock: a worker
			// preempted between the two must not let others start trials
			// past stopAfter (seen on a loaded machine).
			var (
				mu    sync.Mutex
				calls int
			)
			f := func(ctx context.Context, p tune.Params) (float64, error) {
				mu.Lock()
				calls++
				if calls == stopAfter {
					cancel()
				}
				mu.Unlock()
				return mixedObjective(ctx, p)
			}
			r, err := s.Search(ctx, mixedSpace, f, tune.Options{Seed: 1, Workers: workers})
			cancel()
			var ie *tune.InterruptedError
			if !errors.As(err, &ie) || !errors.Is(err, context.Canceled) {
				t.Fatalf("%v workers=%d: error %v, want an *InterruptedError wrapping context.Canceled", s, workers, err)
			}
			n := len(r.Trials)
			if n < stopAfter || n > stopAfter+workers-1 || ie.Trials != n {
				t.Errorf("%v workers=%d: %d trials kept (error says %d), want %d to %d", s, workers, n, ie.Trials, stopAfter, stopAfter+workers-1)
			}
			if _, ok := r.Best(); !ok {
				t.Errorf("%v: no best trial after interrupt", s)
			}
		}
	}
}

// SIGINT, the notebook's stop button, interrupts a search like a
// cancelled context.
func TestSearchSIGINT(t *testing.T) {
	f := func(ctx context.Context, p tune.Params) (float64, error) {
		if p.Int("layers") == 3 {
			if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
				return 0, err
			}
			select { // the signal arrives asynchronously
			case <-ctx.Done():
			case <-time.After(5 * time.Second):
			}
		}
		return mixedObjective(ctx, p)
	}
	r, err := tune.NewGrid(1).Search(context.Background(), mixedSpace, f, tune.Options{})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "interrupt signal received") {
		t.Fatalf("err = %v, want an interrupt", err)
	}
	// The grid has 4 layer counts × 3 activations; the first trial with 3
	// layers is trial 6.
	if n := len(r.Trials); n != 7 {
		t.Errorf("%d trials recorded, want the 7 up to the interrupt", n)
	}
}

func TestSearchRejectsBadArguments(t *testing.T) {
	ctx := context.Background()
	for i, tc := range []struct {
		s     tune.Searcher
		space tune.Space
		f     tune.Objective
		o     tune.Options
		want  string
	}{
		{tune.NewRandom(5), nil, mixedObjective, tune.Options{}, "empty search space"},
		{tune.NewRandom(5), mixedSpace, nil, tune.Options{}, "nil Objective"},
		{tune.NewRandom(0), mixedSpace, mixedObjective, tune.Options{}, "Trials is 0"},
		{tune.NewRandom(5), mixedSpace, mixedObjective, tune.Options{Workers: -1}, "Workers is -1"},
		{tune.NewRandom(5), mixedSpace, mixedObjective, tune.Options{Direction: 5}, "unknown Direction(5)"},
		{tune.Grid{}, mixedSpace, mixedObjective, tune.Options{}, "Points is 0"},
		{tune.Bayesian{Trials: 3}, mixedSpace, mixedObjective, tune.Options{}, "no Kernel"},
		{tune.Genetic{Population: 4, Generations: 2, Elite: 4, TournamentSize: 2, MutationScale: 0.1}, mixedSpace, mixedObjective, tune.Options{}, "Elite is 4"},
		{tune.NewRandom(5), tune.Space{tune.FloatRange{Name: "lr", Min: 0, Max: 1, Scale: tune.Log}}, mixedObjective, tune.Options{}, "Log range needs Min > 0"},
		{tune.NewRandom(5), tune.Space{tune.IntRange{Name: "n", Min: 3, Max: 3}}, mixedObjective, tune.Options{}, "Min must be less than Max"},
		{tune.NewRandom(5), tune.Space{tune.Choice{Name: "a", Values: []any{1}}, tune.Choice{Name: "a", Values: []any{2}}}, mixedObjective, tune.Options{}, `"a" appears twice`},
		{tune.NewRandom(5), tune.Space{tune.Choice{Name: "a"}}, mixedObjective, tune.Options{}, "has no Values"},
	} {
		r, err := tc.s.Search(ctx, tc.space, tc.f, tc.o)
		if err == nil || !strings.Contains(err.Error(), tc.want) || r != nil {
			t.Errorf("%d: got result %v, error %v; want nil and an error containing %q", i, r, err, tc.want)
		}
	}
}

func TestMaximize(t *testing.T) {
	neg := func(ctx context.Context, p tune.Params) (float64, error) {
		s, err := mixedObjective(ctx, p)
		return -s, err
	}
	for _, s := range searchers() {
		minR, _ := s.Search(context.Background(), mixedSpace, mixedObjective, tune.Options{Seed: 2})
		maxR, _ := s.Search(context.Background(), mixedSpace, neg, tune.Options{Seed: 2, Direction: tune.Maximize})
		bMin, _ := minR.Best()
		bMax, _ := maxR.Best()
		if !reflect.DeepEqual(paramsOf(minR), paramsOf(maxR)) || bMin.Score != -bMax.Score {
			t.Errorf("%v: maximising −f differs from minimising f (best %v vs %v)", s, bMin.Score, bMax.Score)
		}
	}
}

func TestResult(t *testing.T) {
	r := &tune.Result{
		Names: []string{"lr", "act"},
		Trials: []tune.Trial{
			{Index: 0, Params: tune.Params{"lr": 0.1, "act": "relu"}, Score: 3, Duration: 1500 * time.Millisecond},
			{Index: 1, Params: tune.Params{"lr": 0.01, "act": "<b>"}, Score: math.NaN(), Err: errors.New("diverged\nat step 3")},
			{Index: 2, Params: tune.Params{"lr": 0.001, "act": "tanh"}, Score: 1, Duration: 2 * time.Millisecond},
			{Index: 3, Params: tune.Params{"lr": 0.0001, "act": "tanh"}, Score: 2, Duration: 3 * time.Microsecond},
		},
	}
	nan := math.NaN()
	for _, tc := range []struct {
		dir               tune.Direction
		best              int
		scores, bestSoFar []float64
		evals             int
	}{
		{tune.Minimize, 2, []float64{3, nan, 1, 2}, []float64{3, 3, 1, 1}, 3},
		{tune.Maximize, 0, []float64{3, nan, 1, 2}, []float64{3, 3, 3, 3}, 1},
	} {
		r.Direction = tc.dir
		if b, ok := r.Best(); !ok || b.Index != tc.best {
			t.Errorf("%v: best trial %d, want %d", tc.dir, b.Index, tc.best)
		}
		if got := r.Scores(); fmt.Sprint(got) != fmt.Sprint(tc.scores) {
			t.Errorf("%v: Scores = %v, want %v", tc.dir, got, tc.scores)
		}
		if got := r.BestSoFar(); fmt.Sprint(got) != fmt.Sprint(tc.bestSoFar) {
			t.Errorf("%v: BestSoFar = %v, want %v", tc.dir, got, tc.bestSoFar)
		}
		if n, ok := r.Evaluations(2); !ok || n != tc.evals {
			t.Errorf("%v: Evaluations(2) = %d, %v; want %d", tc.dir, n, ok, tc.evals)
		}
	}
	r.Direction = tune.Minimize
	if n, ok := r.Evaluations(0.5); ok || n != 4 {
		t.Errorf("Evaluations(0.5) = %d, %v; want 4, false", n, ok)
	}
	wantText := strings.Join([]string{
		"trial  lr      act   score  time  error",
		"0      0.1     relu  3      1.5s",
		"1      0.01    <b>   -      0s    diverged",
		"2*     0.001   tanh  1      2ms",
		"3      0.0001  tanh  2      3µs",
		"4 trials, 1 failed; best (minimize) 1 at trial 2: act=tanh lr=0.001",
	}, "\n")
	if got := r.String(); got != wantText {
		t.Errorf("String:\n%s\nwant:\n%s", got, wantText)
	}
	html := r.HTML()
	for _, want := range []string{
		"<th>trial</th><th>lr</th><th>act</th><th>score</th><th>time</th><th>error</th></tr>",
		"<td>&lt;b&gt;</td>",
		`<tr style="font-weight:bold"><td>2*</td><td>0.001</td><td>tanh</td><td>1</td>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q:\n%s", want, html)
		}
	}
	empty := &tune.Result{}
	if _, ok := empty.Best(); ok {
		t.Error("Best of an empty result reported ok")
	}
}
