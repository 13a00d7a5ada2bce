//go:build unix

package notebooks_test

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func init() {
	checks["08_gradient_descent_problems.ipynb"] = func(t *testing.T, nb *Executed) {
		// The double well along y = 0, f(x) = (x² − 1)² + x/2, has its minima
		// where f′(x) = 4x(x² − 1) + 1/2 = 0: Newton's method from either side.
		f := func(x float64) float64 { return (x*x-1)*(x*x-1) + x/2 }
		root := func(x float64) float64 {
			for range 50 {
				x -= (4*x*(x*x-1) + 0.5) / (12*x*x - 4)
			}
			return x
		}
		global, local := root(-1), root(1)

		var ends [2][2]float64
		for i, line := range gdLines(t, nb, "minima", "start x") {
			if i > 1 {
				break
			}
			if _, err := fmt.Sscanf(strings.TrimSpace(line[strings.Index(line, "→")+len("→"):]), "x = %f, f = %f", &ends[i][0], &ends[i][1]); err != nil {
				t.Fatalf("minima: row %q: %v", line, err)
			}
		}
		if math.Abs(ends[0][0]-local) > 1e-3 || math.Abs(ends[1][0]-global) > 1e-3 {
			t.Errorf("minima: descents ended at x = %v and %v, want the local minimum %.4f and the global one %.4f", ends[0][0], ends[1][0], local, global)
		}

		// η = 0.05 stays in the local minimum, η = 0.2 hops the hill into
		// the global one, η = 0.35 jumps out of the deep valley again.
		hop := map[string][2]float64{} // x and f after 40 steps
		for _, line := range gdLines(t, nb, "hop", "η = ") {
			var rate, x2, x5, x40, f40 float64
			if _, err := fmt.Sscanf(line, "η = %f x after 2, 5, 40 steps: %f %f %f f = %f", &rate, &x2, &x5, &x40, &f40); err != nil {
				t.Fatalf("hop: row %q: %v", line, err)
			}
			hop[fmt.Sprint(rate)] = [2]float64{x40, f40}
		}
		if x := hop["0.05"][0]; math.Abs(x-local) > 1e-3 {
			t.Errorf("hop: η = 0.05 ended at x = %v, want the local minimum %.4f", x, local)
		}
		if x := hop["0.2"][0]; math.Abs(x-global) > 1e-3 {
			t.Errorf("hop: η = 0.2 ended at x = %v, want the global minimum %.4f", x, global)
		}
		if v := hop["0.35"]; len(hop) != 3 || v[0] < 0 || v[1] <= f(local) {
			t.Errorf("hop: η = 0.35 ended at x, f = %v, want back on the side of the local minimum and above it", v)
		}
		var decayX, decayF float64
		if _, err := fmt.Sscanf(nb.Text["decay"], "Exponential(η₀=0.35, γ=0.9): x after 40 steps %f, f = %f", &decayX, &decayF); err != nil {
			t.Fatalf("decay: %v in %q", err, nb.Text["decay"])
		}
		if math.Abs(decayX-global) > 1e-3 || math.Abs(decayF-f(global)) > 1e-3 {
			t.Errorf("decay: ended at x = %v, f = %v, want the global minimum %.4f, %.4f", decayX, decayF, global, f(global))
		}

		// SGD on x² − y² from (1, 10⁻³) with η = 0.01 is linear: after k
		// steps x = 0.98ᵏ and y = 10⁻³·1.02ᵏ. Momentum leaves the plateau
		// well before it.
		sgdWant := 0
		for math.Pow(0.98, 2*float64(sgdWant))-1e-6*math.Pow(1.02, 2*float64(sgdWant)) >= -1 {
			sgdWant++
		}
		var sgd, momentum int
		if _, err := fmt.Sscanf(nb.Text["plateau"], "steps until f < −1:  SGD %d   Momentum %d", &sgd, &momentum); err != nil {
			t.Fatalf("plateau: %v in %q", err, nb.Text["plateau"])
		}
		if sgd != sgdWant {
			t.Errorf("plateau: SGD left the saddle after %d steps, want %d", sgd, sgdWant)
		}
		if momentum <= 0 || 2*momentum > sgd {
			t.Errorf("plateau: Momentum left after %d steps, want less than half SGD's %d", momentum, sgd)
		}

		// The table of the ten optimizers.
		table := map[string][]string{}
		for _, line := range gdLines(t, nb, "optimizers", "") {
			fields := strings.Fields(strings.ReplaceAll(line, "> ", ">"))
			if len(fields) == 6 && !strings.HasPrefix(line, " ") {
				table[fields[0]] = fields[1:]
			}
		}
		names := []string{"SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "AdaDelta", "Adam", "AMSGrad", "AdaBound", "AMSBound"}
		for _, name := range names {
			if _, ok := table[name]; !ok {
				t.Fatalf("optimizers: no row for %s in\n%s", name, nb.Text["optimizers"])
			}
		}
		steps := func(name string, col int) int {
			n, err := strconv.Atoi(table[name][col])
			if err != nil {
				return math.MaxInt // "> N": never reached
			}
			return n
		}
		if got := steps("SGD", 1); got != sgdWant {
			t.Errorf("optimizers: SGD left the saddle after %d steps, want %d as in the plateau cell", got, sgdWant)
		}
		for _, name := range []string{"Momentum", "Nesterov", "RMSProp", "Adam"} {
			if steps(name, 1) >= steps("SGD", 1) {
				t.Errorf("optimizers: %s left the saddle after %s steps, want sooner than SGD (%d)", name, table[name][1], steps("SGD", 1))
			}
		}
		if steps("SGD", 3) != math.MaxInt {
			t.Errorf("optimizers: SGD reached f < 0.001 on Rosenbrock after %s steps, want it still crawling after 5000", table["SGD"][3])
		}
		for _, name := range []string{"Momentum", "Nesterov", "Adam", "AMSGrad", "AdaBound", "AMSBound"} {
			if steps(name, 3) > 1000 {
				t.Errorf("optimizers: %s took %s steps to f < 0.001 on Rosenbrock, want at most 1000", name, table[name][3])
			}
			if end, err := strconv.ParseFloat(table[name][4], 64); err != nil || end > 1e-3 {
				t.Errorf("optimizers: %s ended at f = %s on Rosenbrock, want below 0.001", name, table[name][4])
			}
		}

		// Every searcher ran 20 trials and found a network far better than
		// chance, whose loss on two balanced classes is ln 2.
		found := 0
		for _, line := range gdLines(t, nb, "tune", "") {
			i := strings.Index(line, "trials, best validation loss ")
			if i < 0 {
				continue
			}
			found++
			before := strings.Fields(line[:i])
			trials, err := strconv.Atoi(before[len(before)-1])
			if err != nil {
				t.Fatalf("tune: row %q: %v", line, err)
			}
			var best float64
			if _, err := fmt.Sscanf(line[i:], "trials, best validation loss %f", &best); err != nil {
				t.Fatalf("tune: row %q: %v", line, err)
			}
			if trials != 20 || best > math.Ln2/2 {
				t.Errorf("tune: %q: want 20 trials and a validation loss below ln 2 / 2 = %.4f", line, math.Ln2/2)
			}
		}
		if found != 4 {
			t.Errorf("tune: %d searches reported, want 4:\n%s", found, nb.Text["tune"])
		}

		checkLandscape(t, nb)

		// Effective learning rates on f(θ) = θ (gradient 1): AdaGrad's k-th
		// step is η/(√k + ε) with η = 0.1; Adam's is η = 0.01 within its
		// ε; AdaBound's approaches the final rate 0.1, above Adam's.
		effTable, _, _ := strings.Cut(nb.Text["effective-lr"], "plot:") // the figure's text/plain follows the table
		eff := scanRows(t, effTable, 1)
		for i, k := range []float64{1, 4, 100, 3000} {
			if got, want := eff["AdaGrad (η = 0.1)"][i], 0.1/(math.Sqrt(k)+1e-10); math.Abs(got-want) > 1e-6 {
				t.Errorf("effective-lr: AdaGrad step %g is %g, want 0.1/√%g = %.6f", k, got, k, want)
			}
			if got := eff["Adam (η = 0.01)"][i]; math.Abs(got-0.01) > 1e-4 {
				t.Errorf("effective-lr: Adam step %g is %g, want 0.01", k, got)
			}
		}
		if ab := eff["AdaBound (η = 0.01 → 0.1)"]; len(ab) != 4 || ab[0] > 0.0101 || ab[3] < 0.05 || ab[3] > 0.1 {
			t.Errorf("effective-lr: AdaBound steps %v, want about 0.01 at first and between 0.05 and 0.1 at step 3000", ab)
		}

		for _, id := range []string{"minima", "hop-figure", "saddle", "plateau", "saddle-paths", "valley-paths", "tune", "effective-lr", "trials"} {
			if nb.Images[id] != 1 {
				t.Errorf("cell %s shows %d images, want 1", id, nb.Images[id])
			}
		}
	}
}

// checkLandscape checks the loss landscape under the trials figure: 13
// learning rates × 4 widths of validation losses, where training with
// lr = 10⁻³ for 100 epochs has barely started, and whose points at the 5
// learning rates of the grid search reproduce that search's trials (the
// same trainings, seeded alike): its best trial is the landscape's value
// there.
func checkLandscape(t *testing.T, nb *Executed) {
	t.Helper()
	text, _, _ := strings.Cut(nb.Text["trials"], "[figure") // the figure's text/plain follows the table
	surface := map[int][]float64{}
	for _, line := range strings.Split(strings.TrimSpace(text), "\n")[1:] {
		fields := strings.Fields(line)
		if len(fields) != 15 || fields[0] != "hidden" {
			t.Fatalf("trials: row %q, want hidden, the width and 13 losses", line)
		}
		width, err := strconv.Atoi(fields[1])
		if err != nil {
			t.Fatalf("trials: row %q: %v", line, err)
		}
		for _, f := range fields[2:] {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil || !(v > 0.1 && v < 2) {
				t.Fatalf("trials: row %q: loss %q, want a number between 0.1 and 2", line, f)
			}
			surface[width] = append(surface[width], v)
		}
	}
	if len(surface) != 4 {
		t.Fatalf("trials: widths %v, want 2, 4, 8 and 16", surface)
	}
	lowest := math.Inf(1)
	for _, row := range surface {
		lowest = min(lowest, slices.Min(row))
	}
	for w, row := range surface {
		if row[0] < lowest+0.1 {
			t.Errorf("trials: width %d, lr = 10⁻³: loss %.3f, want ≥ 0.1 above the lowest %.3f", w, row[0], lowest)
		}
	}
	var width int
	var best, lr float64
	for _, line := range gdLines(t, nb, "tune", "grid search") {
		if _, err := fmt.Sscanf(line[strings.Index(line, "best"):], "best validation loss %f at trial %d: hidden=%d lr=%f", &best, new(int), &width, &lr); err != nil {
			t.Fatalf("tune: row %q: %v", line, err)
		}
	}
	col := math.Round((math.Log10(lr) + 3) / (math.Log10(3) + 3) * 12)
	if math.Mod(col, 3) != 0 || surface[width] == nil {
		t.Fatalf("tune: grid search's best at hidden=%d lr=%g, not a point of the grid of 5 learning rates", width, lr)
	}
	if got := surface[width][int(col)]; math.Abs(got-best) > 6e-4 {
		t.Errorf("trials: landscape at hidden=%d lr=%g is %.3f, want the grid search's %.4f there", width, lr, got, best)
	}
	if lowest > best {
		t.Errorf("trials: the landscape's lowest loss %.3f is above the grid search's best %.4f, whose trials it contains", lowest, best)
	}
}
