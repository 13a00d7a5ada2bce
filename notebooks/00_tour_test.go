//go:build unix

package notebooks_test

import (
	"fmt"
	"math"
	"regexp"
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
			// 64 inputs declared once, every later width inferred.
			"quick-build": "Sequential(Dense(64→64), ReLU, Dropout(p=0.2), Dense(64→10))",
		}
		for id, want := range wantText {
			if got := nb.Text[id]; got != want {
				t.Errorf("cell %s printed %q, want %q", id, got, want)
			}
		}
		for _, id := range []string{"result-plot", "display-figure", "quick-fit", "quick-plot"} {
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

		// The Keras path: the 1797 digits split about 80/20, class by class.
		var nTrain, nTest int
		if _, err := fmt.Sscanf(nb.Text["quick-load"], "%d training images, %d test images", &nTrain, &nTest); err != nil {
			t.Fatalf("quick-load: %v in %q", err, nb.Text["quick-load"])
		}
		if nTrain+nTest != 1797 || nTest < 350 || nTest > 370 {
			t.Errorf("quick-load: %d training and %d test images, want 1797 split about 80/20", nTrain, nTest)
		}
		// The live bar ends at the last epoch and shows the metrics.
		for _, want := range []string{"epoch 20/20", "accuracy", "val_accuracy"} {
			if !strings.Contains(nb.Text["quick-fit"], want) {
				t.Errorf("the live display ended with %q, want it to show %q", nb.Text["quick-fit"], want)
			}
		}
		// A 64-64-10 MLP classifies held-out digits well above chance (10 %).
		var testLoss, testAcc float64
		if _, err := fmt.Sscanf(nb.Text["quick-eval"], "loss %g, accuracy %g", &testLoss, &testAcc); err != nil {
			t.Fatalf("quick-eval: %v in %q", err, nb.Text["quick-eval"])
		}
		if testAcc < 0.9 || testLoss > 0.5 {
			t.Errorf("test loss %.4f, accuracy %.4f; want accuracy ≥ 0.9 and loss ≤ 0.5", testLoss, testAcc)
		}
		if !strings.Contains(nb.Text["quick-plot"], "混同行列") {
			t.Errorf("quick-plot shows %q, want the confusion matrix", nb.Text["quick-plot"])
		}
	}
}
