//go:build unix

package notebooks_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func init() {
	checks["07_gradient_descent.ipynb"] = func(t *testing.T, nb *Executed) {
		// ∂y/∂a = 9a², ∂y/∂b = 24b², ∂y/∂c = −6c, ∂y/∂d = 4d³ at (a, b, c, d) =
		// (1, −0.5, 2, 1.5), worked out by hand; the central differences must
		// agree with them.
		want := map[string]float64{"a": 9, "b": 6, "c": -12, "d": 13.5}
		rows := gdLines(t, nb, "partial", "∂y/∂")
		if len(rows) != 4 {
			t.Fatalf("partial: %d derivative rows, want 4:\n%s", len(rows), nb.Text["partial"])
		}
		for _, line := range rows {
			var name string
			var symbolic, numeric, diff float64
			if _, err := fmt.Sscanf(strings.Replace(line, "∂y/∂", "", 1), "%s %f %f %f", &name, &symbolic, &numeric, &diff); err != nil {
				t.Fatalf("partial: row %q: %v", line, err)
			}
			if symbolic != want[name] {
				t.Errorf("partial: symbolic ∂y/∂%s = %g, want %g", name, symbolic, want[name])
			}
			if math.Abs(numeric-want[name]) > 1e-6 {
				t.Errorf("partial: central difference for ∂y/∂%s = %.8f, want %g within 1e-6", name, numeric, want[name])
			}
		}

		// Ten steps of η = 0.2 on (x − 2)² + 1 from x = −2: x_k − 2 = −4·0.6ᵏ.
		var x, f float64
		if _, err := fmt.Sscanf(gdLines(t, nb, "descent-1d", "step 10:")[0], "step 10: x = %f  f(x) = %f", &x, &f); err != nil {
			t.Fatalf("descent-1d: %v in\n%s", err, nb.Text["descent-1d"])
		}
		if wantX := 2 - 4*math.Pow(0.6, 10); math.Abs(x-wantX) > 1e-4 {
			t.Errorf("descent-1d: x after 10 steps = %.4f, want %.4f", x, wantX)
		}

		// Too small a rate is still far from the minimum, a good one is at
		// it, too large a one moves away from it.
		lr := map[string][]float64{}
		for _, line := range gdLines(t, nb, "learning-rates", "η = ") {
			var rate float64
			v := make([]float64, 4)
			if _, err := fmt.Sscanf(line, "η = %f %f %f %f %f", &rate, &v[0], &v[1], &v[2], &v[3]); err != nil {
				t.Fatalf("learning-rates: row %q: %v", line, err)
			}
			lr[fmt.Sprint(rate)] = v
		}
		if v := lr["0.01"]; len(v) != 4 || v[3] < 1 {
			t.Errorf("learning-rates: η = 0.01 reached f = %v after 20 steps, want still ≥ 1", v)
		}
		if v := lr["0.08"]; len(v) != 4 || v[3] > 0.05 {
			t.Errorf("learning-rates: η = 0.08 reached f = %v after 20 steps, want ≤ 0.05", v)
		}
		if v := lr["0.205"]; len(v) != 4 || v[3] <= v[0] || v[3] <= v[2] {
			t.Errorf("learning-rates: η = 0.205 gave f = %v at steps 0, 5, 10, 20, want growing", v)
		}

		// 200 samples: 200 updates per epoch online, 10 in mini-batches of
		// 20, one in full batch; in 20 epochs the first two find the line
		// y = 2x + 1 and steepest descent lags behind.
		type run struct{ updates, first, fifth, last, w, b float64 }
		kinds := map[string]run{}
		for _, line := range gdLines(t, nb, "kinds", "") {
			i := strings.Index(line, "  ")
			if i < 0 || strings.TrimSpace(line[:i]) == "" {
				continue
			}
			var r run
			if _, err := fmt.Sscanf(line[i:], "%f %f %f %f %f %f", &r.updates, &r.first, &r.fifth, &r.last, &r.w, &r.b); err != nil {
				continue // a header
			}
			kinds[line[:i]] = r
		}
		online, mini, batch := kinds["SGD (online)"], kinds["mini-batch GD (20 samples)"], kinds["steepest descent (batch)"]
		if online.updates != 200 || mini.updates != 10 || batch.updates != 1 {
			t.Errorf("kinds: updates per epoch %v, %v, %v, want 200, 10, 1 in\n%s", online.updates, mini.updates, batch.updates, nb.Text["kinds"])
		}
		for name, r := range map[string]run{"online": online, "mini-batch": mini} {
			if math.Abs(r.w-2) > 0.3 || math.Abs(r.b-1) > 0.2 {
				t.Errorf("kinds: %s ended at (w, b) = (%g, %g), want near (2, 1)", name, r.w, r.b)
			}
		}
		if !(online.fifth < mini.fifth && mini.fifth < batch.fifth) || batch.last < 5*mini.last {
			t.Errorf("kinds: loss in epoch 5 online %g, mini-batch %g, batch %g; in epoch 20 batch %g, mini-batch %g: want more updates to learn faster",
				online.fifth, mini.fifth, batch.fifth, batch.last, mini.last)
		}

		for _, id := range []string{"descent-1d", "descent-2d", "learning-rates", "kinds"} {
			if nb.Images[id] != 1 {
				t.Errorf("cell %s shows %d images, want 1", id, nb.Images[id])
			}
		}
	}
}

// gdLines returns the lines cell id printed that start with prefix, leading
// spaces ignored.
func gdLines(t *testing.T, nb *Executed, id, prefix string) []string {
	t.Helper()
	var lines []string
	for _, line := range strings.Split(nb.Text[id], "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), prefix) && strings.TrimSpace(line) != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		t.Fatalf("cell %s printed no line starting with %q:\n%s", id, prefix, nb.Text[id])
	}
	return lines
}
