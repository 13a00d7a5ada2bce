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
		checkEnsemble(t, nb, fe)
		checkWeightDecay(t, nb, fp)
		checkEpochDoubleDescent(t, nb)
		assertImages(t, nb, map[string]int{"data": 1, "overfit": 1, "overfit-regions": 1, "dropout-diagram": 1, "dropout-curves": 1,
			"dropout-regions": 1, "early": 1, "ensemble-regions": 1, "l2-figure": 1, "double-descent-plot": 1, "epoch-dd-plot": 1})
	}
}

// checkEnsemble checks the bagging ensemble on the fresh test data: the
// average of the eight members' printed scores is the printed average, and
// the ensemble beats it, by a wide margin in loss (averaged probabilities
// are never as confidently wrong), and is about as good as early stopping.
func checkEnsemble(t *testing.T, nb *Executed, early [2]float64) {
	t.Helper()
	var members [][2]float64
	var average, ensemble [2]float64
	for _, l := range strings.Split(nb.Text["ensemble"], "\n") {
		var k int
		var v [2]float64
		switch {
		case strings.HasPrefix(l, "member"):
			if _, err := fmt.Sscanf(l, "member %d fresh test data: loss %f accuracy %f", &k, &v[0], &v[1]); err != nil {
				t.Fatalf("ensemble: %v in %q", err, l)
			}
			members = append(members, v)
		case strings.HasPrefix(l, "average"):
			fmt.Sscanf(l, "average of members fresh test data: loss %f accuracy %f", &average[0], &average[1])
		case strings.HasPrefix(l, "ensemble"):
			fmt.Sscanf(l, "ensemble of %d fresh test data: loss %f accuracy %f", &k, &ensemble[0], &ensemble[1])
		}
	}
	if len(members) != 8 {
		t.Fatalf("ensemble: %d members printed, want 8:\n%s", len(members), nb.Text["ensemble"])
	}
	var mean [2]float64
	for _, m := range members {
		mean[0] += m[0] / 8
		mean[1] += m[1] / 8
	}
	if math.Abs(mean[0]-average[0]) > 1e-3 || math.Abs(mean[1]-average[1]) > 1e-3 {
		t.Errorf("ensemble: printed member average %v, the members' scores average %v", average, mean)
	}
	if ensemble[1] < average[1]+0.02 || ensemble[0] > average[0]/2 {
		t.Errorf("ensemble: loss %.4f accuracy %.3f; members' average %.4f, %.3f; want ≥ 0.02 more accuracy and at most half the loss",
			ensemble[0], ensemble[1], average[0], average[1])
	}
	if ensemble[1] < early[1]-0.02 {
		t.Errorf("ensemble: accuracy %.3f, want within 0.02 of early stopping's %.3f", ensemble[1], early[1])
	}
}

// checkWeightDecay checks the L2 table: λ = 0 is the overfitted network of
// the early-stopping cell (same seed, same data); the weights shrink as λ
// grows; small λ still memorises the training data, a moderate one trades
// training error for a lower test error, and a large one underfits.
func checkWeightDecay(t *testing.T, nb *Executed, overfitted [2]float64) {
	t.Helper()
	var rows [][5]float64 // λ, training error, test error, test loss, ‖W‖
	for _, l := range strings.Split(strings.TrimSpace(nb.Text["l2"]), "\n")[1:] {
		var r [5]float64
		if _, err := fmt.Sscanf(l, "%f %f %f %f %f", &r[0], &r[1], &r[2], &r[3], &r[4]); err != nil {
			t.Fatalf("l2: %v in %q", err, l)
		}
		rows = append(rows, r)
	}
	if len(rows) != 8 || rows[0][0] != 0 {
		t.Fatalf("l2: %d rows, want 8 starting at λ = 0:\n%s", len(rows), nb.Text["l2"])
	}
	if rows[0][3] != overfitted[0] || math.Abs(1-rows[0][2]-overfitted[1]) > 1e-9 {
		t.Errorf("l2: λ = 0 test loss %.4f, error %.3f; want the overfitted network's %.4f and 1 − %.3f", rows[0][3], rows[0][2], overfitted[0], overfitted[1])
	}
	best := rows[0]
	for i, r := range rows {
		if i > 0 && r[4] >= rows[i-1][4] {
			t.Errorf("l2: ‖W‖ = %.2f at λ = %g, want below %.2f at λ = %g", r[4], r[0], rows[i-1][4], rows[i-1][0])
		}
		if r[2] < best[2] {
			best = r
		}
	}
	if rows[1][1] != 0 || best[2] > rows[0][2]-0.04 || best[1] == 0 || best[0] >= rows[7][0] {
		t.Errorf("l2: best test error %.3f at λ = %g (training error %.3f), λ = 0: %.3f; want training error 0 at λ = 10⁻⁴ and a moderate λ ≥ 0.04 better on test data at the cost of training error",
			best[2], best[0], best[1], rows[0][2])
	}
	if last := rows[7]; last[1] < 0.1 || last[2] <= best[2] {
		t.Errorf("l2: λ = %g training error %.3f test error %.3f; want underfitting (training error ≥ 0.1, test error above the best %.3f)", last[0], last[1], last[2], best[2])
	}
}

// checkEpochDoubleDescent checks the linear regression trained for 5000
// epochs: the training MSE only falls, while the test MSE falls, rises by at
// least a fifth, and falls again far below its first valley.
func checkEpochDoubleDescent(t *testing.T, nb *Executed) {
	t.Helper()
	text := nb.Text["epoch-dd"]
	lines := strings.Split(strings.TrimSpace(text), "\n")
	prev := math.Inf(1)
	for _, l := range lines[1 : len(lines)-1] {
		var e int
		var train, test float64
		if _, err := fmt.Sscanf(l, "%d %f %f", &e, &train, &test); err != nil {
			t.Fatalf("epoch-dd: %v in %q", err, l)
		}
		if train >= prev {
			t.Errorf("epoch-dd: training MSE %.3f at epoch %d, want below %.3f before it", train, e, prev)
		}
		prev = train
	}
	var first, low, high, end float64
	var lowAt, highAt, endAt int
	if _, err := fmt.Sscanf(lines[len(lines)-1], "test MSE: %f at epoch 1, lowest %f at epoch %d, highest again %f at epoch %d, %f at epoch %d",
		&first, &low, &lowAt, &high, &highAt, &end, &endAt); err != nil {
		t.Fatalf("epoch-dd: %v in %q", err, lines[len(lines)-1])
	}
	if !(low < first && high > 1.2*low && end < low/5 && lowAt < highAt && highAt < endAt && endAt == 5000) {
		t.Errorf("epoch-dd: test MSE %.3f, low %.3f at %d, high %.3f at %d, end %.3f at %d; want a fall, a rise of ≥ 20%% and an end below a fifth of the low",
			first, low, lowAt, high, highAt, end, endAt)
	}
}
