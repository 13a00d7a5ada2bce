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
	checks["00_tour.ipynb"] = func(t *testing.T, nb *Executed) {
		sigmoid := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
		wantText := map[string]string{
			// The variable of the first cell, changed by the second.
			"state-define": "epochs = 3\n",
			"state-use":    "epochs = 30\n",
			// σ(0.5·1 − 1·2 + 0.25) = σ(−1.25), declared two cells before.
			"state-call": fmt.Sprintf("σ(0) = %.4f\nneuron([1 2]) = %.4f\n", sigmoid(0), sigmoid(-1.25)),
			"result-int": "31",
			"result-dense": "2×3\n" +
				"⎡0.1  -0.2   0.3⎤\n" +
				"⎣0.4   0.5  -0.6⎦",
			"magic-who": "epochs  err  labels  moons  n  p  rows  w\n",
			"live-net":  "Sequential(Dense(2→4), Tanh, Dense(4→1), Sigmoid)",
		}
		for id, want := range wantText {
			if got := nb.Text[id]; got != want {
				t.Errorf("cell %s printed %q, want %q", id, got, want)
			}
		}
		for _, id := range []string{"result-plot", "display-figure", "live-fit"} {
			if nb.Images[id] != 1 {
				t.Errorf("cell %s shows %d images, want 1", id, nb.Images[id])
			}
		}
		for _, re := range []string{`moons +\*mat\.Dense +200×2 `, `w +\*mat\.Dense +2×3 `, `labels +\[\]int +len 200 `} {
			if !regexp.MustCompile(re).MatchString(nb.Text["magic-whos"]) {
				t.Errorf("%%whos printed %q, want a line matching %s", nb.Text["magic-whos"], re)
			}
		}
		if !strings.Contains(nb.Text["magic-time"], "%time: ") {
			t.Errorf("%%time printed %q, want the cell's times", nb.Text["magic-time"])
		}
		if !strings.Contains(nb.Text["live-fit"], "epoch 1000/1000") {
			t.Errorf("the live display ended with %q, want epoch 1000/1000", nb.Text["live-fit"])
		}
		// The 2-4-1 network learned XOR: outputs on the right side of 0.5.
		m := regexp.MustCompile(`predictions \[(\S+)  (\S+)  (\S+)  (\S+)\]`).FindStringSubmatch(nb.Text["live-result"])
		if m == nil {
			t.Fatalf("cell live-result printed %q, want the four predictions", nb.Text["live-result"])
		}
		for i, want := range []float64{0, 1, 1, 0} {
			y, err := strconv.ParseFloat(m[i+1], 64)
			if err != nil || math.Abs(y-want) >= 0.5 {
				t.Errorf("XOR prediction %d = %s, want near %g", i, m[i+1], want)
			}
		}
	}
}
