package tune_test

import (
	"context"
	"testing"

	"github.com/nnbook/nnbook/nnkit/tune"
)

// TestGeneticImproves: on Rastrigin the best score after the last
// generation is better than after the first in every seed, the population's
// mean score falls, and the search runs Trials() trials.
func TestGeneticImproves(t *testing.T) {
	g := tune.NewGenetic(20, 15)
	for seed := uint64(1); seed <= 5; seed++ {
		r, err := g.Search(context.Background(), rastrigin.space, rastrigin.objective(), tune.Options{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Trials) != g.Trials() {
			t.Fatalf("%d trials, want Population + (Generations−1)·(Population−Elite) = %d", len(r.Trials), g.Trials())
		}
		// Generation k's new individuals end at trial ends[k]; its elites
		// are earlier trials, so its best is BestSoFar there.
		bsf := r.BestSoFar()
		ends := []int{g.Population}
		for len(ends) < g.Generations {
			ends = append(ends, ends[len(ends)-1]+g.Population-g.Elite)
		}
		first, last := bsf[ends[0]-1], bsf[ends[len(ends)-1]-1]
		if !(last < first) {
			t.Errorf("seed %d: best %v after generation 0, %v after generation %d: no improvement", seed, first, last, g.Generations-1)
		}
		// Selection moves the whole population: the mean score of the
		// last generation's children is below that of generation 0.
		mean := func(trials []tune.Trial) float64 {
			s := 0.0
			for _, tr := range trials {
				s += tr.Score
			}
			return s / float64(len(trials))
		}
		m0, mLast := mean(r.Trials[:ends[0]]), mean(r.Trials[ends[len(ends)-2]:])
		if !(mLast < m0/2) {
			t.Errorf("seed %d: mean score %v in generation 0, %v in the last; want less than half", seed, m0, mLast)
		}
		t.Logf("seed %d: best %.4g after generation 0, %.4g after %d", seed, first, last, g.Generations-1)
	}
}
