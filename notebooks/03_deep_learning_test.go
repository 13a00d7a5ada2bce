//go:build unix

package notebooks_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func init() {
	checks["03_deep_learning.ipynb"] = func(t *testing.T, nb *Executed) {
		// The ten-layer network: 2·16+16 + 8·(16·16+16) + 16·2+2 parameters.
		assertText(t, nb, "deep-net", "Total parameters: 2258")
		// Credit assignment checked: backpropagation's ∂L/∂w of the three
		// output weights with the largest gradients equals the central
		// difference of the loss, to the difference's own error.
		credit := strings.Split(nb.Text["credit"], "\n")
		checked := 0
		for _, line := range credit {
			var name string
			var bp, fd float64
			if _, err := fmt.Sscanf(line, "%s %g %g", &name, &bp, &fd); err != nil || !strings.HasPrefix(name, "9.W[") {
				continue
			}
			checked++
			if math.Abs(bp-fd) > 1e-5*math.Max(math.Abs(bp), 1e-3) {
				t.Errorf("credit: %s: backprop %g, finite difference %g", name, bp, fd)
			}
		}
		if checked != 3 {
			t.Errorf("credit: %d weights checked against finite differences, want 3:\n%s", checked, nb.Text["credit"])
		}
		assertText(t, nb, "sigmoid-derivative", "0.25^9 = 3.81e-06")

		// Vanishing gradients: with sigmoid the norms shrink layer by layer
		// towards the input, by more than 0.25⁹ overall; with ReLU and He
		// initialisation they stay within a factor of 10 of each other.
		var sigmoid, relu []float64
		for _, line := range strings.Split(nb.Text["grad-norms"], "\n") {
			var name string
			var s, r float64
			if _, err := fmt.Sscanf(line, "%s %g %g", &name, &s, &r); err == nil && strings.HasSuffix(name, ".W") {
				sigmoid, relu = append(sigmoid, s), append(relu, r)
			}
		}
		if len(sigmoid) != 10 {
			t.Fatalf("grad-norms: %d weight rows, want 10:\n%s", len(sigmoid), nb.Text["grad-norms"])
		}
		// The cell's own backward pass and Fit's record agree on the first layer.
		var first float64
		if _, err := fmt.Sscanf(credit[1], "first layer: ‖∂L/∂0.W‖ = %g", &first); err != nil || first != sigmoid[0] {
			t.Errorf("credit: first layer's gradient norm %g (%v), want %g as recorded by Fit", first, err, sigmoid[0])
		}
		for i := 1; i < len(sigmoid); i++ {
			if sigmoid[i] <= sigmoid[i-1] {
				t.Errorf("sigmoid ‖∂L/∂W‖ of layer %d is %.2e, not above layer %d's %.2e", i, sigmoid[i], i-1, sigmoid[i-1])
			}
		}
		if ratio := sigmoid[0] / sigmoid[9]; ratio > 3.81e-6 {
			t.Errorf("sigmoid input/output gradient ratio %.2e, want below 0.25⁹ = 3.81e-06", ratio)
		}
		lo, hi := slices.Min(relu), slices.Max(relu)
		if hi/lo > 10 {
			t.Errorf("ReLU (He) gradient norms range over %.2e…%.2e, want within a factor of 10", lo, hi)
		}

		// Learning stalls for the deep sigmoid network, not for ReLU.
		var sLoss, sAcc, rLoss, rAcc float64
		if _, err := fmt.Sscanf(nb.Text["train"], "sigmoid final loss %g, accuracy %g\nReLU    final loss %g, accuracy %g",
			&sLoss, &sAcc, &rLoss, &rAcc); err != nil {
			t.Fatalf("train: %v in %q", err, nb.Text["train"])
		}
		if sAcc > 0.6 || rAcc < 0.99 {
			t.Errorf("training accuracy sigmoid %.3f, ReLU %.3f; want ≤ 0.6 and ≥ 0.99", sAcc, rAcc)
		}

		// Exploding gradients: growth by more than 1000 from 2 to 10 layers
		// with U(−2, 2) weights, decay below 1e-4 for sigmoid.
		table, _, _ := strings.Cut(nb.Text["explode"], "plot:") // the figure's text/plain follows the table
		depth := scanRows(t, table, 1)
		if len(depth) != 9 {
			t.Fatalf("explode: %d depths, want 9 (2…10):\n%s", len(depth), nb.Text["explode"])
		}
		if g := depth["10"][2] / depth["2"][2]; g < 1000 {
			t.Errorf("U(−2, 2) first-layer gradient grew by %.3g from 2 to 10 layers, want > 1000", g)
		}
		if g := depth["10"][0] / depth["2"][0]; g > 1e-4 {
			t.Errorf("sigmoid first-layer gradient shrank by only %.3g from 2 to 10 layers, want < 1e-4", g)
		}
		assertText(t, nb, "explode-train", "nnkit: loss became NaN")
		var before, after float64
		if _, err := fmt.Sscanf(nb.Text["clip"], "global gradient norm: %g before clipping, %g after", &before, &after); err != nil {
			t.Fatalf("clip: %v in %q", err, nb.Text["clip"])
		}
		if before < 100 || after != 1 {
			t.Errorf("clip: norm %g before and %g after clipping to 1, want > 100 and exactly 1", before, after)
		}
		// The training that diverged runs its 20 epochs when Fit clips every
		// step, and the loss falls at least tenfold.
		var start, end float64
		lines := strings.Split(nb.Text["clip"], "\n")
		if len(lines) < 2 {
			t.Fatalf("clip printed %q, want the norms and the clipped training", nb.Text["clip"])
		}
		if _, err := fmt.Sscanf(lines[1], "with ClipNorm = 1: loss %g in epoch 1, %g in epoch 20", &start, &end); err != nil {
			t.Fatalf("clip: %v in %q", err, lines[1])
		}
		if math.IsNaN(end) || end > start/10 {
			t.Errorf("clipped training: loss %g in epoch 1, %g in epoch 20, want a tenfold drop", start, end)
		}
		assertImages(t, nb, map[string]int{"sigmoid-derivative": 1, "grad-norms-plot": 1, "train": 1, "explode": 1})
	}
}
