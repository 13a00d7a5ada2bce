//go:build unix

package notebooks_test

import (
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
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

		checkChips(t, nb.Text["moore"])
		checkSpeeds(t, nb)
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
		assertImages(t, nb, map[string]int{"moore": 1, "cpu-timing": 1})
	}
}

// chipRow is a row of the table of chips: name, year, transistors, the
// count divided by the two-year line, the 18-month line divided by the
// count.
var chipRow = regexp.MustCompile(`(?m)^(\S.*?)  +(\d{4})  +(\d+)  +([0-9.]+)  +([0-9.]+)$`)

// checkChips checks the table of real chips against Moore's law computed
// here, a few counts against their makers' published figures, and the
// claims the chapter makes about them.
func checkChips(t *testing.T, text string) {
	t.Helper()
	published := map[string]float64{"4004": 2_300, "8086": 29_000, "Pentium": 3_100_000, "Pentium 4": 42_000_000,
		"Core 2 Duo": 291_000_000, "GA100 (A100)": 54_200_000_000, "GH100 (H100)": 80_000_000_000, "M1": 16_000_000_000}
	rows := chipRow.FindAllStringSubmatch(text, -1)
	if len(rows) < 20 {
		t.Fatalf("moore: %d rows of chips, want at least 20:\n%s", len(rows), text)
	}
	seen := 0
	for _, r := range rows {
		name := r[1]
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(r[2+i], 64)
		}
		year, count, by2, by18 := v[0], v[1], v[2], v[3]
		if want, ok := published[name]; ok {
			seen++
			if count != want {
				t.Errorf("moore: %s has %.0f transistors, its maker published %.0f", name, count, want)
			}
		}
		line2 := 2300 * math.Pow(2, (year-1971)/2)
		line18 := 2300 * math.Pow(2, (year-1971)/1.5)
		if math.Abs(by2-count/line2) > 0.006 || math.Abs(by18-line18/count) > 0.06 {
			t.Errorf("moore: %s (%.0f): ratios %.2f and %.1f, want %.2f and %.1f", name, year, by2, by18, count/line2, line18/count)
		}
		// The text: the two-year line stays within 0.15–2.2 times every
		// chip; Intel's CPUs up to 2008 within 0.25–1.3; the 18-month
		// line is over 100 times too high for every chip from 2016 on.
		if by2 < 0.15 || by2 > 2.2 {
			t.Errorf("moore: %s is %.2f times the two-year line, outside what the chapter says (0.15–2.2)", name, by2)
		}
		if year <= 2008 && !strings.HasPrefix(name, "G") && (by2 < 0.25 || by2 > 1.3) {
			t.Errorf("moore: Intel's %s is %.2f times the two-year line, the chapter says 0.25–1.3", name, by2)
		}
		if year >= 2016 && by18 < 100 {
			t.Errorf("moore: the 18-month line is only %.1f times %s", by18, name)
		}
	}
	if seen != len(published) {
		t.Errorf("moore: found %d of the %d chips checked against published counts:\n%s", seen, len(published), text)
	}
}

var (
	measuredOn = regexp.MustCompile(`measured \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC on .+, \d+ cores`)
	speedRow   = regexp.MustCompile(`(?m)^n = +(\d+): pure Go +([0-9.]+) GFLOP/s(?:, BLAS +([0-9.]+) GFLOP/s)?`)
	epochRow   = regexp.MustCompile(`(?m)^(go|cpu) +([0-9.]+) s for 12 000 samples`)
	restored   = regexp.MustCompile(`BLAS in use before: (\S+) after: (\S+)`)
)

// checkSpeeds checks the measured speeds: the machine and date printed,
// every speed positive, the CPU BLAS (when present) faster than pure Go at
// the largest size, and the BLAS in use before the cells put back.
func checkSpeeds(t *testing.T, nb *Executed) {
	t.Helper()
	text := nb.Text["cpu-timing"]
	if !measuredOn.MatchString(text) {
		t.Errorf("cpu-timing does not say on what machine and when it measured:\n%s", text)
	}
	library := strings.Contains(text, "CPU BLAS: ")
	if !library && !strings.Contains(text, "no CPU BLAS library on this machine") {
		t.Errorf("cpu-timing says neither which CPU BLAS it used nor that there is none:\n%s", text)
	}
	if !library && os.Getenv("CI") == "true" {
		t.Errorf("cpu-timing found no CPU BLAS library, which CI installs (libopenblas0):\n%s", text)
	}
	rows := speedRow.FindAllStringSubmatch(text, -1)
	if len(rows) != 5 {
		t.Fatalf("cpu-timing printed %d sizes, want 5:\n%s", len(rows), text)
	}
	for _, r := range rows {
		goSpeed, _ := strconv.ParseFloat(r[2], 64)
		if goSpeed <= 0 {
			t.Errorf("cpu-timing: n = %s: pure Go at %g GFLOP/s", r[1], goSpeed)
		}
		if library != (r[3] != "") {
			t.Errorf("cpu-timing: n = %s: BLAS speed %q with a library %v", r[1], r[3], library)
			continue
		}
		if !library {
			continue
		}
		blasSpeed, _ := strconv.ParseFloat(r[3], 64)
		if blasSpeed <= 0 || (r[1] == "1024" && blasSpeed <= goSpeed) {
			t.Errorf("cpu-timing: n = %s: BLAS %g GFLOP/s against pure Go %g, want it positive and faster at n = 1024", r[1], blasSpeed, goSpeed)
		}
	}
	epochs := epochRow.FindAllStringSubmatch(nb.Text["mlp-timing"], -1)
	if want := map[bool]int{true: 2, false: 1}[library]; len(epochs) != want {
		t.Errorf("mlp-timing timed %d backends, want %d:\n%s", len(epochs), want, nb.Text["mlp-timing"])
	}
	for _, e := range epochs {
		if s, _ := strconv.ParseFloat(e[2], 64); s <= 0 {
			t.Errorf("mlp-timing: %s took %g s", e[1], s)
		}
	}
	for _, id := range []string{"cpu-timing", "mlp-timing"} {
		if m := restored.FindStringSubmatch(nb.Text[id]); m == nil || m[1] != m[2] {
			t.Errorf("%s did not put back the BLAS in use before it: %q", id, m)
		}
	}
}
