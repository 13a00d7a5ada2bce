//go:build unix

package notebooks_test

import (
	"fmt"
	"strings"
	"testing"
)

func init() {
	checks["10_activation_functions.ipynb"] = func(t *testing.T, nb *Executed) {
		// σ′ peaks at 0.25 and tanh′ at 1 (lecture: 0～0.25 vs 1).
		assertText(t, nb, "sigmoid", "x=+0  σ(x)=0.5000  σ′(x)=0.2500")
		assertText(t, nb, "tanh", "largest derivative: tanh′(0) = 1.00, σ′(0) = 0.25")
		// tanh(x) = 2σ(2x) − 1: both columns agree on every row.
		for _, line := range strings.Split(strings.TrimSpace(nb.Text["tanh"]), "\n")[:3] {
			var x, a, b float64
			if _, err := fmt.Sscanf(line, "x=%f  tanh(x)=%f  2σ(2x)−1=%f", &x, &a, &b); err != nil || a != b {
				t.Errorf("tanh line %q: tanh and 2σ(2x)−1 differ (%v)", line, err)
			}
		}
		// Softmax rows sum to 1.
		assertText(t, nb, "softmax", "row 1 sums to 1.0000\nrow 2 sums to 1.0000")
		// RReLU: random slopes in [1/8, 1/3] while training, the mean 0.2292 in evaluation.
		var t1, t2, t3, pos float64
		if _, err := fmt.Sscanf(strings.SplitN(nb.Text["rrelu"], "\n", 2)[0], "train: [%f %f %f %f]", &t1, &t2, &t3, &pos); err != nil {
			t.Errorf("rrelu: %v in %q", err, nb.Text["rrelu"])
		}
		for _, v := range []float64{t1, t2, t3} {
			if v < -1.0/3 || v > -1.0/8 {
				t.Errorf("rrelu: training output %.4f for x = −1, want a slope in [1/8, 1/3]", v)
			}
		}
		assertText(t, nb, "rrelu", "eval:  [-0.2292  -0.2292  -0.2292   2.0000]")

		// The comparison: ReLU-family networks learn the spirals, the linear
		// one cannot, and the sigmoid falls behind in the same number of epochs.
		acc := scanRows(t, nb.Text["compare"], 1)
		for _, name := range []string{"ReLU", "Leaky ReLU", "PReLU", "RReLU"} {
			if a := acc[name]; a[2] < 0.9 {
				t.Errorf("%s: test accuracy %.3f, want ≥ 0.9", name, a[2])
			}
		}
		if a := acc["identity"]; a[2] > 0.7 {
			t.Errorf("identity: test accuracy %.3f, want ≤ 0.7 (a linear model on two spirals)", a[2])
		}
		if acc["sigmoid"][2] >= acc["ReLU"][2] || acc["tanh"][2] >= acc["ReLU"][2] {
			t.Errorf("test accuracy sigmoid %.3f, tanh %.3f, want both below ReLU's %.3f", acc["sigmoid"][2], acc["tanh"][2], acc["ReLU"][2])
		}
		// PReLU's α moved away from its initial 0.25.
		prelu := strings.Fields(strings.NewReplacer("PReLU(α=", " ", ")", " ").Replace(nb.Text["prelu"]))
		if len(prelu) != 2 || prelu[0] == "0.25" || prelu[1] == "0.25" {
			t.Errorf("prelu: learned α %q, want two values other than 0.25", prelu)
		}
		assertImages(t, nb, map[string]int{"sigmoid": 1, "softmax-curve": 1, "identity": 1, "tanh": 1, "relu-family": 1, "spirals": 1, "compare-curves": 1, "regions": 1})
	}
}
