package tune_test

import (
	"context"
	"testing"

	"github.com/nnbook/nnbook/nnkit/tune"
)

// braninTarget is within 1 % of Branin's minimum.
var braninTarget = branin.minimum * 1.01

// benchSeeds are the seeds each evaluation count is averaged over.
var benchSeeds = []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}

// smallestGrid returns the smallest n for which the n×n grid on Branin's
// box has a point within 1 % of the minimum.
func smallestGrid(b *testing.B) int {
	for n := 2; ; n++ {
		r, err := tune.NewGrid(n).Search(context.Background(), branin.space, branin.objective(), tune.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := r.Evaluations(braninTarget); ok {
			return n
		}
	}
}

// BenchmarkBraninEvaluations reports the mean number of evaluations each
// searcher needs to score within 1 % of Branin's minimum 0.397887, over 10
// seeds ("evals"), and in how many seeds it got there within its budget
// ("reached"); a seed that does not reach it counts as budget + 1. Run with
// -benchtime=1x: one iteration runs all seeds.
//
//	grid           the full n×n grid for the smallest n that has such a point
//	grid-shuffled  that grid in a random order, stopped at the first hit
func BenchmarkBraninEvaluations(b *testing.B) {
	n := smallestGrid(b)
	b.Logf("smallest grid with a point within 1%%: %d×%d", n, n)
	for _, bc := range []struct {
		name     string
		s        tune.Searcher
		seedless bool
	}{
		{"grid", tune.NewGrid(n), true},
		{"grid-shuffled", tune.Grid{Points: n, Shuffle: true}, false},
		{"random", tune.NewRandom(50000), false},
		{"bayesian", tune.NewBayesian(100), false},
		{"genetic", tune.NewGenetic(20, 500), false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var mean, reached float64
			for b.Loop() {
				sum, hits := 0, 0
				for _, seed := range benchSeeds {
					var evals int
					var ok bool
					if bc.seedless {
						evals, ok = n*n, true
					} else {
						evals, ok = evaluationsToReach(b, bc.s, branin, braninTarget-branin.minimum, seed)
					}
					sum += evals
					if ok {
						hits++
					}
				}
				mean, reached = float64(sum)/float64(len(benchSeeds)), float64(hits)
			}
			b.ReportMetric(mean, "evals")
			b.ReportMetric(reached, "reached")
		})
	}
}

// BenchmarkBayesianOverhead measures the searcher's own time per trial (GP
// fit, hyperparameter search, EI maximisation) over a 100-trial search of
// Branin, whose evaluation costs nanoseconds.
func BenchmarkBayesianOverhead(b *testing.B) {
	const trials = 100
	for _, k := range []tune.Kernel{tune.Matern52{}, tune.RBF{}} {
		b.Run(k.String(), func(b *testing.B) {
			s := tune.NewBayesian(trials)
			s.Kernel = k
			for b.Loop() {
				if _, err := s.Search(context.Background(), branin.space, branin.objective(), tune.Options{Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*trials), "ms/trial")
		})
	}
}
