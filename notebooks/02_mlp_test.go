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

// ch02Net is chapter 2's 2-2-1 sigmoid network, its parameters flattened as
// W1[0][0], W1[0][1], W1[1][0], W1[1][1], b1[0], b1[1], W2[0], W2[1], b2.
var ch02Net = []float64{0.1, 0.4, -0.2, 0.3, 0.1, -0.1, 0.5, -0.6, 0.2}

// ch02Loss is the squared error (y − 1)² of the 2-2-1 network θ on the
// input (1, 0.5).
func ch02Loss(θ []float64) float64 {
	σ := func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
	x := [2]float64{1, 0.5}
	h0 := σ(x[0]*θ[0] + x[1]*θ[2] + θ[4])
	h1 := σ(x[0]*θ[1] + x[1]*θ[3] + θ[5])
	y := σ(h0*θ[6] + h1*θ[7] + θ[8])
	return (y - 1) * (y - 1)
}

// ch02NumericGrad returns the central-difference gradient of f at θ.
func ch02NumericGrad(f func([]float64) float64, θ []float64) []float64 {
	const h = 1e-5
	g := make([]float64, len(θ))
	for i := range θ {
		up := append([]float64(nil), θ...)
		down := append([]float64(nil), θ...)
		up[i] += h
		down[i] -= h
		g[i] = (f(up) - f(down)) / (2 * h)
	}
	return g
}

// ch02Near fails t unless the printed number s is within tol of want.
func ch02Near(t *testing.T, what, s string, want, tol float64) {
	t.Helper()
	got, err := strconv.ParseFloat(s, 64)
	if err != nil || math.Abs(got-want) > tol {
		t.Errorf("%s = %s, want %.6f ± %g", what, s, want, tol)
	}
}

func init() {
	checks["02_mlp.ipynb"] = func(t *testing.T, nb *Executed) {
		for _, id := range []string{"mlp-diagram", "linear-vs-nonlinear", "xor", "sigmoid-derivative"} {
			if nb.Images[id] != 1 {
				t.Errorf("cell %s shows %d images, want 1", id, nb.Images[id])
			}
		}

		// Two moons: no line gets them all, 16 hidden units nearly do.
		m := regexp.MustCompile(`\(2-1\): +accuracy ([\d.]+)%\n.*\(2-16-1\): accuracy ([\d.]+)%`).FindStringSubmatch(nb.Text["linear-vs-nonlinear"])
		if m == nil {
			t.Errorf("cell linear-vs-nonlinear printed %q, want both accuracies", nb.Text["linear-vs-nonlinear"])
		} else if lin, mlp := ch02Atof(m[1]), ch02Atof(m[2]); lin >= 90 || mlp < 97 {
			t.Errorf("moons accuracy: linear %v%%, MLP %v%%; want the line below 90%% and the MLP at least 97%%", lin, mlp)
		}

		// The MLP solves XOR.
		if !strings.Contains(nb.Text["xor"], "XOR accuracy: 100%\n") {
			t.Errorf("cell xor printed %q, want XOR accuracy 100%%", nb.Text["xor"])
		}
		m = regexp.MustCompile(`outputs \[(\S+)  (\S+)  (\S+)  (\S+)\]`).FindStringSubmatch(nb.Text["xor"])
		if m == nil {
			t.Errorf("cell xor printed %q, want the four outputs", nb.Text["xor"])
		} else {
			for i, want := range []float64{0, 1, 1, 0} {
				if y := ch02Atof(m[i+1]); math.Abs(y-want) > 0.1 {
					t.Errorf("XOR output %d = %v, want within 0.1 of %v", i, y, want)
				}
			}
		}

		// Random search against backpropagation, per depth: the weight
		// counts of 2-8-…-8-1, random never perfect, backprop perfect.
		rows := regexp.MustCompile(`(?m)^ +(\d+) +(\d+) +(\d+)% +(\d+)/1000 +(\d+)%$`).FindAllStringSubmatch(nb.Text["random-search"], -1)
		if len(rows) != 4 {
			t.Errorf("cell random-search printed %q, want four rows", nb.Text["random-search"])
		}
		for _, r := range rows {
			depth := int(ch02Atof(r[1]))
			weights := (2*8 + 8) + (depth-1)*(8*8+8) + (8 + 1)
			if r[2] != strconv.Itoa(weights) {
				t.Errorf("%d hidden layers: %s weights, want %d", depth, r[2], weights)
			}
			if ch02Atof(r[3]) >= 100 || ch02Atof(r[4]) > 10 || ch02Atof(r[5]) != 100 {
				t.Errorf("%d hidden layers: random best %s%% (%s/1000 ≥ 90%%), backprop %s%%; want random below 100%% and rarely ≥ 90%%, backprop 100%%", depth, r[3], r[4], r[5])
			}
		}

		// Backpropagation by hand, by nnkit and the notebook's own check,
		// all against this test's finite differences.
		g := ch02NumericGrad(ch02Loss, ch02Net)
		ch02Near(t, "L", ch02Find(t, nb.Text["bp-forward"], `L = \(y − t\)² = (\S+)`), ch02Loss(ch02Net), 1e-6)
		for i := range 2 {
			for j := range 2 {
				ch02Near(t, fmt.Sprintf("hand ∂L/∂W1[%d][%d]", i+1, j+1), ch02Find(t, nb.Text["bp-backward"], fmt.Sprintf(`∂L/∂W1\[%d\]\[%d\] = (\S+)`, i+1, j+1)), g[2*i+j], 1e-6)
			}
			ch02Near(t, fmt.Sprintf("hand ∂L/∂b1[%d]", i+1), ch02Find(t, nb.Text["bp-backward"], fmt.Sprintf(`∂L/∂b1\[%d\] = (\S+)`, i+1)), g[4+i], 1e-6)
			ch02Near(t, fmt.Sprintf("hand ∂L/∂W2[%d]", i+1), ch02Find(t, nb.Text["bp-backward"], fmt.Sprintf(`∂L/∂W2\[%d\] = h%d·δ2 = (\S+)`, i+1, i+1)), g[6+i], 1e-6)
		}
		ch02Near(t, "hand ∂L/∂b2", ch02Find(t, nb.Text["bp-backward"], `∂L/∂b2 += δ2 += (\S+)`), g[8], 1e-6)
		index := map[string]int{"0.W[0][0]": 0, "0.W[0][1]": 1, "0.W[1][0]": 2, "0.W[1][1]": 3,
			"0.b[0][0]": 4, "0.b[0][1]": 5, "2.W[0][0]": 6, "2.W[1][0]": 7, "2.b[0][0]": 8}
		checked := 0
		for _, r := range regexp.MustCompile(`(?m)^(\d\.[Wb]\[\d\]\[\d\]) +(\S+) +(\S+)$`).FindAllStringSubmatch(nb.Text["bp-check"], -1) {
			k, ok := index[r[1]]
			if !ok {
				t.Errorf("cell bp-check: unknown parameter %s", r[1])
				continue
			}
			ch02Near(t, "nnkit ∂L/∂"+r[1], r[2], g[k], 1e-6)
			ch02Near(t, "notebook's finite difference for "+r[1], r[3], g[k], 1e-6)
			checked++
		}
		if checked != len(ch02Net) {
			t.Errorf("cell bp-check compared %d parameters, want %d:\n%s", checked, len(ch02Net), nb.Text["bp-check"])
		}
		if !strings.HasSuffix(nb.Text["bp-check"], "every gradient agrees within 1e-8: true\n") {
			t.Errorf("cell bp-check printed %q, want every gradient to agree", nb.Text["bp-check"])
		}

		// σ′ = σ(1 − σ) peaks at x = 0 with 0.5·0.5.
		if want := "max σ′(x) = 0.2500 at x = 0.00\n"; !strings.HasPrefix(nb.Text["sigmoid-derivative"], want) {
			t.Errorf("cell sigmoid-derivative printed %q, want %q first", nb.Text["sigmoid-derivative"], want)
		}

		// The chain rule for L = (σ(0.8·1.5 − 0.3) − 0)², against a finite difference.
		dw := ch02NumericGrad(func(θ []float64) float64 {
			y := 1 / (1 + math.Exp(-(θ[0]*1.5 - 0.3)))
			return y * y
		}, []float64{0.8})[0]
		ch02Near(t, "chain-rule ∂L/∂w", ch02Find(t, nb.Text["chain-rule"], `chain rule: +∂L/∂w = (\S+)`), dw, 1e-6)
		ch02Near(t, "finite-difference ∂L/∂w", ch02Find(t, nb.Text["chain-rule"], `finite difference: ∂L/∂w = (\S+)`), dw, 1e-6)

		// 2-16-1: (2·16 + 16) + (16 + 1) parameters.
		if want := fmt.Sprintf("Total parameters: %d\n", 2*16+16+16+1); !strings.HasSuffix(nb.Text["feedforward"], want) {
			t.Errorf("cell feedforward printed %q, want it to end with %q", nb.Text["feedforward"], want)
		}
	}
}

// ch02Atof parses a number that a regular expression matched.
func ch02Atof(s string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return f
}

// ch02Find returns the first group of pattern's first match in text.
func ch02Find(t *testing.T, text, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(text)
	if m == nil {
		t.Errorf("no match for %s in %q", pattern, text)
		return ""
	}
	return m[1]
}
