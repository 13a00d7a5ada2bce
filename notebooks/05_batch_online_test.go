//go:build unix

package notebooks_test

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

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

		// Online learning's loss after every step of the last epoch: a
		// band (the largest over 3× the smallest) whose mean lies above
		// mini-batch learning's final loss, which mini-batch learning
		// passes early.
		var lo, hi, mean float64
		if _, err := fmt.Sscanf(linePrefixed(nb.Text["modes"], "online, last epoch"), "online, last epoch: loss after each step from %g to %g, mean %g", &lo, &hi, &mean); err != nil {
			t.Fatalf("modes: no band of online learning's loss: %v\n%s", err, nb.Text["modes"])
		}
		var miniFinal, crossing float64
		fmt.Sscanf(linePrefixed(nb.Text["modes"], "mini-batch    10 steps"), "mini-batch    10 steps/epoch    200 steps  final loss %g", &miniFinal)
		if _, err := fmt.Sscanf(linePrefixed(nb.Text["modes"], "mini-batch: loss below"), "mini-batch: loss below that mean from epoch %g on", &crossing); err != nil {
			t.Errorf("modes: mini-batch learning never fell below online learning's mean: %v\n%s", err, nb.Text["modes"])
		}
		if !(lo < mean && mean < hi && hi > 3*lo && mean > miniFinal && miniFinal > 0 && crossing > 0 && crossing < 5) {
			t.Errorf("online band %.4f…%.4f mean %.4f, mini-batch final %.4f below it from epoch %.1f: want a wide band above mini-batch's final loss, crossed before epoch 5", lo, hi, mean, miniFinal, crossing)
		}

		// The outlier's first visit: the two runs are identical until then,
		// so the slopes part by η·2/B·(y' − y)·x exactly, with η = 0.2, the
		// outlier y' = 30 and the clean sample's x and y from the data cell.
		var x500, y500 float64
		if _, err := fmt.Sscanf(nb.Text["data"], "1000 samples; sample 500: x = %g, y = %g", &x500, &y500); err != nil {
			t.Fatalf("data: %v\n%s", err, nb.Text["data"])
		}
		jump := 0.2 * 2 * (30 - y500) * x500
		for _, m := range []struct {
			name  string
			batch float64
		}{{"online", 1}, {"mini-batch", 100}, {"batch", 1000}} {
			// "NAME  largest change of w caused by the outlier: L (from LOW to HIGH), after 20 epochs: FINAL"
			line := linePrefixed(nb.Text["outlier"], m.name+" ")
			v := decimals.FindAllString(line, -1)
			if len(v) != 4 {
				t.Errorf("outlier: line %q for %s, want four numbers", line, m.name)
				continue
			}
			var largest, low, high, final float64
			for i, p := range []*float64{&largest, &low, &high, &final} {
				*p, _ = strconv.ParseFloat(v[i], 64)
			}
			first := high // online and mini-batch: the first visit is the largest jump
			if m.name == "batch" {
				first = low // batch: the first update, after which the gap grows
			}
			if want := jump / m.batch; math.Abs(first-want) > 0.01*want {
				t.Errorf("outlier: %s moved w by %.4f at the outlier's first visit, want η·2/B·(30 − y)·x = %.4f", m.name, first, want)
			}
			if m.name == "batch" && !(final > 0.5*largest) {
				t.Errorf("outlier: batch's gap after 20 epochs %.4f, want most of its largest %.4f to remain", final, largest)
			}
		}
		assertImages(t, nb, map[string]int{"modes": 1, "outlier": 1})
	}
}

// decimals matches the numbers printed with a decimal point.
var decimals = regexp.MustCompile(`[-+]?[0-9]+\.[0-9]+`)

// linePrefixed returns the first line of text that starts with prefix, or
// "".
func linePrefixed(text, prefix string) string {
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, prefix) {
			return line
		}
	}
	return ""
}
