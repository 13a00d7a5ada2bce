//go:build unix

package notebooks_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nnbook/nnbook/gpu/cpublas"
	ipynb "github.com/nnbook/nnbook/kernel/notebook"
)

// checks holds each notebook's assertions, by file name; chapter test files add to it in init.
var checks = map[string]func(t *testing.T, nb *Executed){}

// Executed is a notebook after a run: per cell id, the text it printed (stream text and
// the text/plain of execute_result/display_data, concatenated in order) and the number of
// image/png outputs.
type Executed struct {
	Text   map[string]string
	Images map[string]int
	// Tol is how far the numbers the assertion helpers compare may move,
	// relative to their size: 0 for runs on pure Go (pinnedBLAS), which
	// give the same bits everywhere; fastTol on a CPU BLAS library. See
	// nearText.
	Tol float64
}

const (
	// python runs the Jupyter client from Debian's packages.
	python         = "/usr/bin/python3"
	debianPackages = "python3-jupyter-client python3-nbclient python3-nbformat"
	// tagTiming marks a cell whose outputs hold timings: they are not
	// compared between runs.
	tagTiming = "timing"
	// runLimit bounds one execution of one notebook.
	runLimit = 5 * time.Minute
	// skipped are notebooks tested elsewhere: smoke.ipynb has a failing cell
	// on purpose and is checked by kernel/cmd/nnbook.
	skipped = "smoke.ipynb"
	// pinnedBLAS makes the runs whose outputs are compared byte for byte
	// compute with gonum's pure Go, the only BLAS that gives the same bits
	// on every machine.
	pinnedBLAS = "NNBOOK_BLAS=go"
)

// TestNotebooks executes every chapter notebook once with nnbook run and
// once with nbclient on the installed kernel, both on pure Go's BLAS
// (pinnedBLAS). The nnbook run must hold the saved notebook's outputs
// (cells tagged "timing" excepted), and the notebook's entry in checks
// asserts its key numbers on both runs. A third run, with nnbook run on a
// CPU BLAS library, asserts the key numbers within a tolerance (see
// testFastBLAS).
func TestNotebooks(t *testing.T) {
	if testing.Short() {
		t.Skip("executes every notebook several times; skipped with -short")
	}
	paths, err := filepath.Glob("*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	paths = slices.DeleteFunc(paths, func(p string) bool { return p == skipped })
	names := map[string]bool{}
	for _, p := range paths {
		names[p] = true
	}
	for name := range checks {
		if !names[name] {
			t.Errorf("checks has an entry for %s, which is not in notebooks/", name)
		}
	}
	if len(paths) == 0 {
		t.Fatal("no notebooks in notebooks/")
	}
	root := repoRoot(t)
	bin := buildNnbook(t, root)
	env, jupyterMissing := jupyterEnv(t, root)
	fastMissing := cpuLibraryMissing()
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			check, ok := checks[path]
			if !ok {
				t.Errorf("no checks for %s: add notebooks/%s_test.go setting checks[%q] in init", path, strings.TrimSuffix(path, ".ipynb"), path)
			}
			saved, err := ipynb.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if ks, _ := saved.Metadata["kernelspec"].(map[string]any); ks["name"] != "nnbook" {
				t.Errorf("metadata.kernelspec = %v, want the nnbook kernel", saved.Metadata["kernelspec"])
			}
			first := runNnbook(t, bin, root, path, pinnedBLAS)
			if ok {
				check(t, executed(first))
			}
			// The saved notebook is an earlier run: equal outputs show both
			// that a rerun is identical and that the saved outputs are current.
			sameOutputs(t, "the saved notebook (rerun it with nnbook run --in-place)", first, saved)

			t.Run("nbclient", func(t *testing.T) {
				if jupyterMissing != "" {
					if os.Getenv("CI") == "true" {
						t.Fatal(jupyterMissing)
					}
					t.Skip(jupyterMissing)
				}
				nb := runNbclient(t, env, path)
				for i, c := range nb.Cells {
					if c.Type == "code" && !slices.Contains(c.Tags(), "skip-execution") && c.ExecutionCount == 0 {
						t.Errorf("cell %d (%s) was not executed", i, c.ID)
					}
				}
				if ok {
					check(t, executed(nb))
				}
			})
			t.Run("cpu-blas", func(t *testing.T) {
				if fastMissing != "" {
					if os.Getenv("CI") == "true" {
						t.Fatal(fastMissing)
					}
					t.Skip(fastMissing)
				}
				testFastBLAS(t, bin, root, path, saved, check)
			})
		})
	}
}

// fastTol is how far, relative to their size, the key numbers may move on
// a CPU BLAS library from those pure Go prints: a library sums in its own
// order, with fused multiply-adds, and training carries the difference in
// the last bits on through its steps.
const fastTol = 1e-3

// blasCell is the id of the %blas cell testFastBLAS appends.
const blasCell = "nnbook-blas-check"

// testFastBLAS executes the notebook saved at path with nnbook run on a CPU
// BLAS library (NNBOOK_BLAS=cpu), checks with a %blas cell appended to it
// that its cells computed there, and asserts its key numbers with check
// within fastTol. It logs how far the numbers moved from the saved ones.
func testFastBLAS(t *testing.T, bin, root, path string, saved *ipynb.Notebook, check func(*testing.T, *Executed)) {
	nb := *saved
	nb.Cells = append(slices.Clone(saved.Cells), &ipynb.Cell{ID: blasCell, Type: "code", Source: "%blas"})
	src := filepath.Join(t.TempDir(), path)
	if err := ipynb.WriteFile(src, &nb); err != nil {
		t.Fatal(err)
	}
	got := runNnbook(t, bin, root, src, "NNBOOK_BLAS=cpu")
	last := got.Cells[len(got.Cells)-1]
	got.Cells = got.Cells[:len(got.Cells)-1]
	report := executed(&ipynb.Notebook{Cells: []*ipynb.Cell{last}}).Text[blasCell]
	inUse, _, _ := strings.Cut(report, "\n")
	if last.ID != blasCell || !strings.HasPrefix(inUse, "BLAS in use: cpu: ") {
		t.Fatalf("the cells did not compute with a CPU BLAS library: %%blas printed %q", report)
	}
	fast := executed(got)
	fast.Tol = fastTol
	if check != nil {
		check(t, fast)
	}
	t.Logf("%s against the saved outputs: %v", strings.TrimPrefix(inUse, "BLAS in use: "), numberDrift(saved, got))
}

// cpuLibraryMissing says why no CPU BLAS library loads here, or "" when one
// does.
func cpuLibraryMissing() string {
	if _, err := cpublas.New(); err != nil {
		return fmt.Sprintf("no CPU BLAS library for the run on one (%v)", err)
	}
	return ""
}

// repoRoot returns the root of the source tree (this package is notebooks).
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("source tree root: %v", err)
	}
	return root
}

// buildNnbook builds the nnbook command into a temporary directory.
func buildNnbook(t *testing.T, root string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "nnbook")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./kernel/cmd/nnbook")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./kernel/cmd/nnbook: %v\n%s", err, out)
	}
	return bin
}

// jupyterEnv installs the kernel into a temporary Jupyter data directory
// and returns the environment in which Jupyter clients find it. When python3
// cannot import the Jupyter client it returns why instead.
func jupyterEnv(t *testing.T, root string) (env []string, missing string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, python, "-c", "import jupyter_client, nbclient, nbformat").CombinedOutput(); err != nil {
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		return nil, fmt.Sprintf("%s cannot import the Jupyter client (%v: %s); install the Debian packages: apt-get install %s",
			python, err, lines[len(lines)-1], debianPackages)
	}
	base := t.TempDir()
	data := filepath.Join(base, "data")
	cmd := exec.CommandContext(ctx, "go", "run", "./install", "--no-warm", "--no-run")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "JUPYTER_DATA_DIR="+data)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("JUPYTER_DATA_DIR=%s go run ./install --no-warm --no-run: %v\n%s", data, err, out)
	}
	return append(os.Environ(),
		pinnedBLAS,
		"JUPYTER_DATA_DIR="+data,
		"JUPYTER_PATH="+data,
		"JUPYTER_CONFIG_DIR="+filepath.Join(base, "config"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(base, "runtime"),
		"JUPYTER_PLATFORM_DIRS=1",
	), ""
}

// runNnbook executes the notebook at path with nnbook run, with the
// environment variable blas (NNBOOK_BLAS=…), and returns the executed
// notebook.
func runNnbook(t *testing.T, bin, root, path, blas string) *ipynb.Notebook {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runLimit)
	defer cancel()
	dst := filepath.Join(t.TempDir(), filepath.Base(path))
	cmd := exec.CommandContext(ctx, bin, "run", path, "-o", dst, "-timeout", runLimit.String())
	cmd.Env = append(os.Environ(), "NNBOOK_SOURCE="+root, blas)
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nnbook run %s: %v\n%s", path, err, out)
	}
	nb, err := ipynb.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

// runNbclient executes the notebook at path with nbclient on the kernel
// installed in env and returns the executed notebook. Processes of the
// kernel still alive afterwards are killed.
func runNbclient(t *testing.T, env []string, path string) *ipynb.Notebook {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runLimit)
	defer cancel()
	dir := t.TempDir()
	dst := filepath.Join(dir, path)
	pidfile := filepath.Join(dir, "kernel.pid")
	logfile := filepath.Join(dir, "kernel.log")
	// The same nbclient driver the kernel's own tests use.
	script, err := filepath.Abs(filepath.Join("..", "kernel", "cmd", "nnbook", "testdata", "run_notebook.py"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, python, script, "--kernel", "nnbook", "--pidfile", pidfile, "--log", logfile,
		"--timeout", strconv.Itoa(int(runLimit.Seconds())), path, dst)
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if data, rerr := os.ReadFile(pidfile); rerr == nil {
		if pid, perr := strconv.Atoi(strings.TrimSpace(string(data))); perr == nil && pid > 1 {
			killSession(pid)
		}
	}
	if err != nil {
		log, _ := os.ReadFile(logfile)
		t.Fatalf("run_notebook.py %s: %v\n%s\nkernel log:\n%s", path, err, out, lastBytes(log, 4000))
	}
	nb, err := ipynb.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

// killSession kills the processes of session sid: jupyter_client starts
// the kernel as a session leader, and the kernel's worker and builds run in
// its session, some in process groups of their own. Without /proc it kills
// the leader's process group.
func killSession(sid int) {
	syscall.Kill(-sid, syscall.SIGKILL)
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// After the command in parentheses: state ppid pgrp session …
		s := string(stat)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 3 && f[3] == strconv.Itoa(sid) {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// executed collects the text and the images of each cell of nb.
func executed(nb *ipynb.Notebook) *Executed {
	e := &Executed{Text: map[string]string{}, Images: map[string]int{}}
	for _, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		var text strings.Builder
		for _, o := range c.Outputs {
			switch o.Type {
			case "stream":
				text.WriteString(o.Text)
			case "execute_result", "display_data":
				if s, ok := o.Data["text/plain"].(string); ok {
					text.WriteString(s)
				}
				if _, ok := o.Data["image/png"]; ok {
					e.Images[c.ID]++
				}
			}
		}
		e.Text[c.ID] = text.String()
	}
	return e
}

// sameOutputs reports the cells whose outputs differ between got and want,
// leaving out those tagged "timing".
func sameOutputs(t *testing.T, what string, want, got *ipynb.Notebook) {
	t.Helper()
	if len(got.Cells) != len(want.Cells) {
		t.Errorf("%s has %d cells, want %d", what, len(got.Cells), len(want.Cells))
		return
	}
	for i, w := range want.Cells {
		g := got.Cells[i]
		if g.ID != w.ID || g.Source != w.Source {
			t.Errorf("%s: cell %d is %q, want %q with the same source", what, i, g.ID, w.ID)
			continue
		}
		if w.Type != "code" || slices.Contains(w.Tags(), tagTiming) {
			continue
		}
		wj, gj := outputsJSON(t, w), outputsJSON(t, g)
		if g.ExecutionCount != w.ExecutionCount || !bytes.Equal(wj, gj) {
			t.Errorf("%s: cell %d (%s) differs (In [%d] vs In [%d]):\n got %s\nwant %s",
				what, i, w.ID, g.ExecutionCount, w.ExecutionCount, lastBytes(gj, 600), lastBytes(wj, 600))
		}
	}
}

// outputsJSON returns c's outputs as JSON, for comparison.
func outputsJSON(t *testing.T, c *ipynb.Cell) []byte {
	t.Helper()
	b, err := json.Marshal(c.Outputs)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// lastBytes returns at most the last n bytes of b as a string.
func lastBytes(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
