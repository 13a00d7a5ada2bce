//go:build unix

package notebooks_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// overfitRunLine matches a line of the chapter's train function.
var overfitRunLine = regexp.MustCompile(`(?m)^(.+?)\s+(\d+) epochs  training: loss ([\d.]+) accuracy ([\d.]+)   unseen data: loss ([\d.]+) accuracy ([\d.]+)$`)

// overfitRun is one training run as the chapter prints it.
type overfitRun struct {
	epochs                               int
	trainLoss, trainAcc, valLoss, valAcc float64
}

// scanRun parses the first training run printed by cell id.
func scanRun(t *testing.T, nb *Executed, id string) overfitRun {
	t.Helper()
	m := overfitRunLine.FindStringSubmatch(nb.Text[id])
	if m == nil {
		t.Fatalf("cell %s printed no training run:\n%s", id, nb.Text[id])
	}
	var r overfitRun
	r.epochs, _ = strconv.Atoi(m[2])
	for i, p := range []*float64{&r.trainLoss, &r.trainAcc, &r.valLoss, &r.valAcc} {
		*p, _ = strconv.ParseFloat(m[3+i], 64)
	}
	return r
}

func init() {
	checks["09_overfitting.ipynb"] = func(t *testing.T, nb *Executed) {
		// Overfitting: the big network fits every training point and does
		// worse on unseen data, whose loss is many times the training loss.
		plain := scanRun(t, nb, "overfit")
		if plain.epochs != 300 || plain.trainAcc != 1 || plain.valAcc > 0.82 || plain.valLoss < 10*plain.trainLoss {
			t.Errorf("no dropout: %+v; want 300 epochs, training accuracy 1, unseen accuracy ≤ 0.82 and unseen loss ≥ 10× training loss", plain)
		}
		// Dropout generalises better in the same 300 epochs.
		dropped := scanRun(t, nb, "dropout")
		if dropped.valAcc < plain.valAcc+0.05 || dropped.valLoss > plain.valLoss/2 {
			t.Errorf("dropout: unseen loss %.4f accuracy %.3f; no dropout %.4f, %.3f; want dropout better by ≥ 0.05 accuracy and half the loss",
				dropped.valLoss, dropped.valAcc, plain.valLoss, plain.valAcc)
		}
		assertText(t, nb, "dropout", "Sequential(Dense(2→100), ReLU, Dropout(p=0.5), Dense(100→100), ReLU, Dropout(p=0.5), Dense(100→2))")

		// Early stopping with patience 20 stops 20 epochs after the best one
		// and restores it: the unseen-data loss is the best validation loss.
		early := scanRun(t, nb, "early")
		var best, stopped int
		var bestLoss float64
		line := nb.Text["early"][strings.Index(nb.Text["early"], "best epoch"):]
		if _, err := fmt.Sscanf(line, "best epoch %d (validation loss %f); stopped after epoch %d", &best, &bestLoss, &stopped); err != nil {
			t.Fatalf("early: %v in %q", err, line)
		}
		if stopped != best+20 || early.epochs != stopped || best >= 100 {
			t.Errorf("early stopping: best epoch %d, stopped after %d, ran %d epochs; want stopped = best + 20 = epochs, well before 300", best, stopped, early.epochs)
		}
		if early.valLoss != bestLoss {
			t.Errorf("early stopping: unseen loss %.4f after restoring, want the best validation loss %.4f", early.valLoss, bestLoss)
		}
		if early.valAcc < plain.valAcc+0.03 {
			t.Errorf("early stopping: unseen accuracy %.3f, want ≥ 0.03 above the overfitted %.3f", early.valAcc, plain.valAcc)
		}
		// On fresh test data, which chose nothing, early stopping still beats
		// the overfitted network: lower loss, higher accuracy.
		fresh := map[string][2]float64{}
		for _, l := range strings.Split(nb.Text["early"], "\n") {
			var a, b string
			var loss, acc float64
			if _, err := fmt.Sscanf(l, "fresh test data, %s %s loss %f accuracy %f", &a, &b, &loss, &acc); err == nil {
				fresh[a+" "+b] = [2]float64{loss, acc}
			}
		}
		fp, fe := fresh["no dropout:"], fresh["early stopping:"]
		if len(fresh) != 2 || fe[0] >= fp[0] || fe[1] <= fp[1] {
			t.Errorf("early: fresh test data %v; want early stopping's loss below and accuracy above no dropout's", fresh)
		}

		// Double descent: the test MSE rises on the U's right side, peaks at
		// p = n = 100 and then falls below the bottom of the U.
		dd := map[int][2]float64{}
		for _, l := range strings.Split(strings.TrimSpace(nb.Text["double-descent"]), "\n")[1:] {
			var p int
			var mse, miss float64
			if _, err := fmt.Sscanf(l, "%d %f %f", &p, &mse, &miss); err != nil {
				t.Fatalf("double-descent: %v in %q", err, l)
			}
			dd[p] = [2]float64{mse, miss}
		}
		peak := 0
		for p, v := range dd {
			if peak == 0 || v[0] > dd[peak][0] {
				peak = p
			}
		}
		if peak != 100 {
			t.Errorf("double descent: test MSE peaks at p = %d, want 100 (= n)", peak)
		}
		bottom := dd[10][0]
		for _, p := range []int{20, 30, 40, 50, 60} {
			bottom = min(bottom, dd[p][0])
		}
		if dd[90][0] < 2*bottom || dd[400][0] > bottom || dd[400][1] > dd[50][1] {
			t.Errorf("double descent: MSE %.4f at p = 90, %.4f at p = 400, U bottom %.4f; error %.3f at 400 vs %.3f at 50",
				dd[90][0], dd[400][0], bottom, dd[400][1], dd[50][1])
		}
		assertImages(t, nb, map[string]int{"data": 1, "overfit": 1, "overfit-regions": 1, "dropout-diagram": 1, "dropout-curves": 1,
			"dropout-regions": 1, "early": 1, "double-descent-plot": 1})
	}
}
