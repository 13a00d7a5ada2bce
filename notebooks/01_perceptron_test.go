//go:build unix

package notebooks_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// ch01Inputs are the four inputs of a two-input logic gate, in the order of
// dataset.AND and the others.
var ch01Inputs = [4][2]float64{{0, 0}, {0, 1}, {1, 0}, {1, 1}}

// ch01Run is an independent implementation of the perceptron learning
// rule as chapter 1 states it: zero weights and bias, η = 1, the samples in
// order, y = 1 when x·w + b ≥ 0, w ← w + (t − y)·x, b ← b + (t − y), epochs
// until one has no mistakes (at most maxEpochs).
type ch01Run struct {
	mistakes []int
	w        [][2]float64 // after each epoch
	b        []float64
}

func ch01Perceptron(targets [4]float64, maxEpochs int) ch01Run {
	var r ch01Run
	var w [2]float64
	var b float64
	for range maxEpochs {
		mistakes := 0
		for i, x := range ch01Inputs {
			y := 0.0
			if x[0]*w[0]+x[1]*w[1]+b >= 0 {
				y = 1
			}
			if d := targets[i] - y; d != 0 {
				mistakes++
				w[0] += d * x[0]
				w[1] += d * x[1]
				b += d
			}
		}
		r.mistakes = append(r.mistakes, mistakes)
		r.w = append(r.w, w)
		r.b = append(r.b, b)
		if mistakes == 0 {
			break
		}
	}
	return r
}

func init() {
	checks["01_perceptron.ipynb"] = func(t *testing.T, nb *Executed) {
		// X1·W1 + X2·W2 + X3·W3 + b with x = (1, 0, 1), w = (0.5, −0.2, 0.3), b = −0.6.
		z := 1*0.5 + 0*-0.2 + 1*0.3 - 0.6
		want := map[string]string{
			"weighted-sum": fmt.Sprintf("X1·W1 + X2·W2 + X3·W3 + b = %.1f\n", z),
			"unit":         "1×1\n[1]", // step(0.2)
		}
		var step strings.Builder
		for _, v := range []float64{-1, -0.01, 0, 0.2, 1} {
			y := 0
			if v >= 0 {
				y = 1
			}
			fmt.Fprintf(&step, "step(%5.2f) = %d\n", v, y)
		}
		want["step"] = step.String() + "plot: ステップ関数 (step function)"

		and := ch01Perceptron([4]float64{0, 0, 0, 1}, 100)
		if last := and.mistakes[len(and.mistakes)-1]; last != 0 {
			t.Fatalf("the reference perceptron did not learn AND: mistakes %v", and.mistakes)
		}
		var lines strings.Builder
		for e, m := range and.mistakes {
			fmt.Fprintf(&lines, "epoch %d: mistakes %d, W = [%g  %g], b = [%g]\n", e+1, m, and.w[e][0], and.w[e][1], and.b[e])
		}
		lines.WriteString(`[figure "AND を学習するパーセプトロン (perceptron learning AND)", 10.0×7.6 in]`)
		want["and-learn"] = lines.String()

		lines.Reset()
		for _, g := range []struct {
			name    string
			targets [4]float64
		}{{"AND", [4]float64{0, 0, 0, 1}}, {"OR", [4]float64{0, 1, 1, 1}}, {"NAND", [4]float64{1, 1, 1, 0}}} {
			r := ch01Perceptron(g.targets, 100)
			n := len(r.mistakes)
			fmt.Fprintf(&lines, "%-4s converged=true after %d epochs, mistakes per epoch %v, W = [%g  %g], b = [%g]\n",
				g.name, n, r.mistakes, r.w[n-1][0], r.w[n-1][1], r.b[n-1])
		}
		lines.WriteString(`[figure "パーセプトロンが学習した境界 (what the perceptron learned)", 10.0×4.0 in]`)
		want["gates"] = lines.String()

		// No line separates XOR: the best gets 3 of the 4 points.
		want["xor-lines"] = "best of 729 lines on XOR: 3/4 = 75%\n"
		for id, w := range want {
			if got := nb.Text[id]; got != w {
				t.Errorf("cell %s printed\n%s\nwant\n%s", id, got, w)
			}
		}

		assertImages(t, nb, map[string]int{"perceptron-diagram": 1})

		xor := ch01Perceptron([4]float64{0, 1, 1, 0}, 20)
		if !strings.Contains(nb.Text["xor"], fmt.Sprintf("XOR converged=false after 20 epochs, mistakes per epoch %v\n", xor.mistakes)) {
			t.Errorf("cell xor printed %q, want mistakes %v and no convergence", nb.Text["xor"], xor.mistakes)
		}
		m := regexp.MustCompile(`XOR accuracy: (\d)/4 = (\d+)%`).FindStringSubmatch(nb.Text["xor"])
		if m == nil {
			t.Fatalf("cell xor printed %q, want the XOR accuracy", nb.Text["xor"])
		}
		if pct, _ := strconv.Atoi(m[2]); pct > 75 {
			t.Errorf("the perceptron's XOR accuracy is %d%%, want at most 75%%", pct)
		}
		for _, id := range []string{"step", "and-learn", "gates", "xor"} {
			if nb.Images[id] != 1 {
				t.Errorf("cell %s shows %d images, want 1", id, nb.Images[id])
			}
		}
	}
}
