package tune_test

import (
	"context"
	"testing"

	"github.com/nnbook/nnbook/nnkit/tune"
)

// evaluationsToReach runs s on fn and returns the number of evaluations
// until a score within tol of the minimum, and whether it got there; a
// search that does not counts as budget + 1 evaluations.
func evaluationsToReach(t testing.TB, s tune.Searcher, fn testFunction, tol float64, seed uint64) (int, bool) {
	t.Helper()
	r, err := s.Search(context.Background(), fn.space, fn.objective(), tune.Options{Seed: seed})
	if err != nil {
		t.Fatalf("%v on %s: %v", s, fn.name, err)
	}
	n, ok := r.Evaluations(fn.minimum + tol)
	if !ok {
		n++
	}
	return n, ok
}

// TestBayesianBeatsRandom: on each test function, Bayesian optimisation
// reaches a score within tol of the global minimum in fewer evaluations
// than random search, on average over the seeds, and reaches it in at
// least minFound of them within its budget.
func TestBayesianBeatsRandom(t *testing.T) {
	const randomBudget = 5000
	seeds := []uint64{1, 2, 3, 4}
	for _, tc := range []struct {
		fn       testFunction
		tol      float64
		budget   int // Bayesian trials
		minFound int
	}{
		{branin, 0.1, 35, 4},
		{quadratic, 0.1, 25, 4},
		// Rastrigin's lattice of local minima defeats a smooth surrogate:
		// the tolerance admits the basins next to the global one.
		{rastrigin, 3, 60, 3},
	} {
		var sumB, sumR, found int
		for _, seed := range seeds {
			nb, ok := evaluationsToReach(t, tune.NewBayesian(tc.budget), tc.fn, tc.tol, seed)
			nr, _ := evaluationsToReach(t, tune.NewRandom(randomBudget), tc.fn, tc.tol, seed)
			if ok {
				found++
			}
			sumB += nb
			sumR += nr
		}
		meanB, meanR := float64(sumB)/float64(len(seeds)), float64(sumR)/float64(len(seeds))
		t.Logf("%s within %g: Bayesian %.1f evaluations, random %.1f (mean of %d seeds)", tc.fn.name, tc.tol, meanB, meanR, len(seeds))
		if found < tc.minFound {
			t.Errorf("%s: Bayesian reached f* + %g in %d of %d seeds within %d trials, want %d", tc.fn.name, tc.tol, found, len(seeds), tc.budget, tc.minFound)
		}
		if meanB >= meanR {
			t.Errorf("%s: Bayesian needed %.1f evaluations on average, random %.1f", tc.fn.name, meanB, meanR)
		}
	}
}

// With several workers the Bayesian searcher proposes distinct points in
// each batch and still finds Branin's minimum.
func TestBayesianBatches(t *testing.T) {
	b := tune.NewBayesian(30)
	r, err := b.Search(context.Background(), branin.space, branin.objective(), tune.Options{Seed: 1, Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	for i := b.Initial; i+1 < len(r.Trials); i++ {
		if r.Trials[i].Params.String() == r.Trials[i+1].Params.String() {
			t.Errorf("trials %d and %d are the same point %v", i, i+1, r.Trials[i].Params)
		}
	}
	if n, ok := r.Evaluations(branin.minimum + 0.1); !ok {
		t.Errorf("4 workers: best %v after %d trials, want within 0.1 of %v", r.BestSoFar()[len(r.Trials)-1], n, branin.minimum)
	}
}
