//go:build unix

package notebooks_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func init() {
	checks["04_gpu.ipynb"] = func(t *testing.T, nb *Executed) {
		// Moore's law: doubling every 18 months is 2^(10/1.5) in ten years.
		assertText(t, nb, "moore", fmt.Sprintf("doubling every 18 months: ×%.1f in 10 years", math.Pow(2, 10/1.5)))
		for _, n := range []int{64, 128, 256, 512, 1024} {
			assertText(t, nb, "flops", fmt.Sprintf("n = %4d: %13d operations", n, 2*n*n*n))
		}

		// The timing cells ran: four CPU sizes at a positive speed, and the
		// GPU cell either found no device or timed products on it.
		var speeds int
		for _, line := range strings.Split(nb.Text["cpu-timing"], "\n") {
			if _, rest, ok := strings.Cut(line, "per product, "); ok {
				var g float64
				if _, err := fmt.Sscanf(rest, "%g GFLOP/s", &g); err != nil || g <= 0 {
					t.Errorf("cpu-timing: line %q: speed %g, %v", line, g, err)
				}
				speeds++
			}
		}
		if speeds != 4 {
			t.Errorf("cpu-timing printed %d speeds, want 4:\n%s", speeds, nb.Text["cpu-timing"])
		}
		if g := nb.Text["gpu"]; !strings.HasPrefix(g, "no GPU on this machine") && strings.Count(g, "GFLOP/s") != 3 {
			t.Errorf("gpu printed %q, want no device or three timed products", g)
		}

		// The 10× rule: an MLP with widths s has Σ (sᵢ + 1)·sᵢ₊₁ parameters.
		for _, m := range []struct {
			name  string
			sizes []int
		}{
			{"XOR MLP 2-4-1 (chapter 2)", []int{2, 4, 1}},
			{"10-layer net (chapter 3)", []int{2, 16, 16, 16, 16, 16, 16, 16, 16, 16, 2}},
			{"digit embedding 64-32-2 (chapter 6)", []int{64, 32, 2}},
			{"MNIST MLP 784-128-10", []int{784, 128, 10}},
		} {
			params := 0
			for i := range len(m.sizes) - 1 {
				params += (m.sizes[i] + 1) * m.sizes[i+1]
			}
			assertText(t, nb, "data-rule", fmt.Sprintf("%-36s %10d %12d", m.name, params, 10*params))
		}
		assertText(t, nb, "data-rule", fmt.Sprintf("%-36s %10d %12d", "the lecture's example", 10_000_000, 100_000_000))
		assertImages(t, nb, map[string]int{"moore": 1})
	}
}
