//go:build unix

package notebooks_test

import "testing"

func init() {
	checks["05_batch_online.ipynb"] = func(t *testing.T, nb *Executed) {
		// Iterations and epochs (lecture): 1 000 samples in batches of 100
		// take 10 iterations per epoch; 5 epochs are 50 iterations, and 20
		// iterations are 2 epochs.
		assertText(t, nb, "batches", "first batch: rows 0…99\n1000 samples, batch size 100: 10 iterations per epoch")
		assertText(t, nb, "iterations", "5 epochs:      5 epochs, 50 iterations (10 per epoch)\n20 iterations: 2 epochs, 20 iterations")

		// Steps per epoch of each mode: 1, 1000/100 and 1000.
		for _, want := range []string{
			"online      1000 steps/epoch  20000 steps",
			"mini-batch    10 steps/epoch    200 steps",
			"batch          1 steps/epoch     20 steps",
		} {
			assertText(t, nb, "modes", want)
		}

		// The comparison table's order, measured: memory batch > mini-batch >
		// online; the outlier's effect and the instability online > mini-batch
		// > batch, with full-batch gradient descent never raising the loss.
		table := scanRows(t, nb.Text["compare"], 1)
		row := func(name string) [3]float64 {
			r := table[name]
			if len(r) != 3 {
				t.Fatalf("compare: row %q is %v, want three numbers:\n%s", name, r, nb.Text["compare"])
			}
			return [3]float64{r[0], r[1], r[2]}
		}
		if m := row("samples per step (memory)"); m != [3]float64{1000, 100, 1} {
			t.Errorf("samples per step %v, want [1000 100 1]", m)
		}
		if e := row("effect of the outlier on w"); !(e[0] < e[1] && e[1] < e[2]) || e[2] < 10*e[1] {
			t.Errorf("outlier effect batch %.4f, mini-batch %.4f, online %.4f: want increasing, online over 10× mini-batch", e[0], e[1], e[2])
		}
		if up := row("updates raising the loss"); up[0] != 0 || !(up[1] > 0 && up[1] < up[2]) {
			t.Errorf("fraction of updates raising the loss %v, want 0 for batch and mini-batch below online", up)
		}
		assertImages(t, nb, map[string]int{"modes": 1, "outlier": 1})
	}
}
