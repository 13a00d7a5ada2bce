//go:build unix

package notebooks_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func init() {
	checks["06_loss_functions.ipynb"] = func(t *testing.T, nb *Executed) {
		// MSE of (2.5, 0, 2.1, 7.8) against (3, −0.5, 2, 7): (0.25 + 0.25 + 0.01 + 0.64)/4.
		assertText(t, nb, "mse", "by hand:  E = 0.2875\nloss.MSE: E = 0.2875")
		var first, last, noise float64
		var epochs int
		if _, err := fmt.Sscanf(nb.Text["mse-fit"], "MSE: epoch 1 %g, epoch %d %g (noise variance 0.1² = %g)", &first, &epochs, &last, &noise); err != nil {
			t.Fatalf("mse-fit: %v in %q", err, nb.Text["mse-fit"])
		}
		if last > 2*noise || last > first/10 {
			t.Errorf("regression MSE %.4f after %d epochs (from %.4f), want below twice the noise variance %.2f", last, epochs, first, noise)
		}

		// The dog/cat/fox example: t = (1, 0, 0), p = (0.7, 0.1, 0.2).
		ce := fmt.Sprintf("%.4f", -math.Log(0.7))
		assertText(t, nb, "cross-entropy", "by hand: E = −log 0.7 = "+ce+"\nloss.CrossEntropy: E = "+ce)
		assertText(t, nb, "ce-compare", fmt.Sprintf("estimate (0.10, 0.20, 0.70): E = %.4f", -math.Log(0.1)))

		// The lecture's data A, B and C.
		for _, d := range []struct {
			pair string
			sq   int
		}{{"A − B", 2*2 + 3*3 + 1*1 + 2*2}, {"A − C", 10*10 + 7*7 + 5*5 + 7*7}, {"B − C", 8*8 + 10*10 + 6*6 + 9*9}} {
			assertText(t, nb, "abc", fmt.Sprintf("‖%s‖ = √%d = %.3f", d.pair, d.sq, math.Sqrt(float64(d.sq))))
		}

		// Metric learning: both networks lower their loss several-fold and
		// pull the test digits of each class together.
		for _, c := range []struct{ cell, loss string }{{"siamese", "contrastive"}, {"triplet", "triplet"}} {
			lines := strings.Split(nb.Text[c.cell], "\n")
			if len(lines) < 3 {
				t.Fatalf("%s printed %q, want three lines", c.cell, nb.Text[c.cell])
			}
			var before, after, sepBefore, sepAfter float64
			if _, err := fmt.Sscanf(lines[1], c.loss+" loss: before %g, after %g", &before, &after); err != nil {
				t.Fatalf("%s: %v in %q", c.cell, err, lines[1])
			}
			if _, err := fmt.Sscanf(lines[2], "test separation (different/same class distance): before %g, after %g", &sepBefore, &sepAfter); err != nil {
				t.Fatalf("%s: %v in %q", c.cell, err, lines[2])
			}
			if after > before/3 {
				t.Errorf("%s loss %.4f → %.4f, want at least a threefold drop", c.loss, before, after)
			}
			if sepBefore > 1.6 || sepAfter < 2.5 {
				t.Errorf("%s: test separation %.2f → %.2f, want from below 1.6 to above 2.5", c.cell, sepBefore, sepAfter)
			}
		}
		assertImages(t, nb, map[string]int{"mse-fit": 1, "ce-compare": 1, "siamese-plot": 1, "triplet-plot": 1})
	}
}
