package live

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nnbook/nnbook/gpu/backend"
	"github.com/nnbook/nnbook/gpu/cpublas"
	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
)

// blasRun is the outcome of one cell in the BLAS tests.
type blasRun struct {
	stdout, stderr, value string
	err                   *contract.Error
}

// runCell runs code as cell n of s.
func runCell(t *testing.T, s *Session, n int, code string) blasRun {
	t.Helper()
	var rec contracttest.Recorder
	res := s.Execute(context.Background(), contract.Request{Code: code, ExecutionCount: n}, &rec)
	r := blasRun{stdout: rec.Stdout(), stderr: rec.Stderr(), err: res.Err}
	r.value, _ = res.Value["text/plain"].(string)
	return r
}

// mustRun runs code as cell n of s and fails t unless it succeeds with a
// clean stderr.
func mustRun(t *testing.T, s *Session, n int, code string) blasRun {
	t.Helper()
	r := runCell(t, s, n, code)
	if r.err != nil || r.stderr != "" {
		t.Fatalf("cell %d %q: error %v %q, stderr %q", n, code, r.err, r.err.Traceback, r.stderr)
	}
	return r
}

// hasBLASFile reports whether cell package seq of s carries the file that
// installs the BLAS backend.
func hasBLASFile(s *Session, seq int) bool {
	_, err := os.Stat(filepath.Join(s.dir, "cells", "c"+itoa(seq), blasFile))
	return err == nil
}

// libraryHere reports whether a CPU BLAS library loads; under CI, where
// .ci/run installs OpenBLAS, it must.
func libraryHere(t *testing.T) bool {
	t.Helper()
	_, err := cpublas.New()
	if err != nil && os.Getenv("CI") == "true" {
		t.Fatalf("CI is set but no CPU BLAS library loads: %v", err)
	}
	return err == nil
}

// blas64Type is a cell that prints the type of the BLAS gonum uses, which
// tells the backends apart without asking package backend.
const blas64Type = "import \"gonum.org/v1/gonum/blas/blas64\"\nfmt.Printf(\"%T\\n\", blas64.Implementation())"

// The first cell that can run BLAS installs the fastest backend, once per
// worker; %blas shows it, switches it for the session, sets threads and
// says what was wrong.
func TestBLASBackend(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	lib := libraryHere(t)
	fast := map[bool]string{true: "*cpublas.Implementation\n", false: "gonum.Implementation\n"}[lib]
	var log logBuffer
	s, err := NewSession(Config{ProjectDir: "../..", Env: []string{backend.EnvBLAS + "="}, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	s = contracttest.Keep(t, s, err)

	mustRun(t, s, 1, `a := 2`)
	if hasBLASFile(s, 1) {
		t.Errorf("a cell that cannot run BLAS installs the backend")
	}
	// The product runs in the backend, installed before the cell's code.
	r := mustRun(t, s, 2, "import \"gonum.org/v1/gonum/mat\"\nvar c mat.Dense\nc.Mul(mat.NewDense(2, 2, []float64{1, 2, 3, 4}), mat.NewDense(2, 2, []float64{5, 6, 7, 8}))\nc.At(1, 1) + float64(a)")
	if r.value != "52" || !hasBLASFile(s, 2) {
		t.Errorf("gonum cell: value %q, blas.go %v; want 52 and the backend installed", r.value, hasBLASFile(s, 2))
	}
	if r := mustRun(t, s, 3, blas64Type); r.stdout != fast || hasBLASFile(s, 3) {
		t.Errorf("BLAS in use: %q (installed again: %v), want %q once", r.stdout, hasBLASFile(s, 3), fast)
	}
	if want := map[bool]string{true: `msg="BLAS backend installed for cells" backend="cpu: `, false: `level=WARN msg="cells compute with gonum's pure-Go BLAS" backend="go: `}[lib]; !strings.Contains(log.String(), want) {
		t.Errorf("the kernel's log\n%s\nwant it to contain %s", log.String(), want)
	}

	r = mustRun(t, s, 4, "%blas")
	for _, want := range []string{"BLAS in use: " + map[bool]string{true: "cpu: ", false: "go: "}[lib], "\nNNBOOK_BLAS: unset (auto)\n", "\nBackends on this machine:\n  go    yes  ", "\n  cuda  ", "\n  auto  → "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("%%blas printed\n%s\nwant it to contain %q", r.stdout, want)
		}
	}
	if lib && !strings.Contains(r.stdout, "OpenBLAS") && !strings.Contains(r.stdout, "MKL") && !strings.Contains(r.stdout, "BLIS") {
		t.Errorf("%%blas printed\n%s\nwant the library's name", r.stdout)
	}

	// Switching, and the switch kept in a fresh worker.
	if r := mustRun(t, s, 5, "%blas go\n"+blas64Type); r.stdout != "BLAS in use: go: gonum's pure-Go BLAS, reproducible bit for bit\ngonum.Implementation\n" {
		t.Errorf("%%blas go, then the BLAS in use: %q", r.stdout)
	}
	mustRun(t, s, 6, "%reset")
	if r := mustRun(t, s, 7, blas64Type); r.stdout != "gonum.Implementation\n" {
		t.Errorf("after %%blas go and %%reset, the BLAS in use is %q, want pure Go still", r.stdout)
	}

	for _, tt := range []struct{ code, err string }{
		{"%blas bogus", `%blas bogus: backend: unknown BLAS "bogus": choose go, cpu, cuda or auto (the BLAS in use is unchanged`},
		{"%blas threads 0", "%blas threads 0: the thread count must be a whole number ≥ 1, as in %blas threads 2"},
		{"%blas threads two", "the thread count must be a whole number"},
		{"%blas threads 2", "%blas threads 2: backend: SetThreads: go computes without a CPU library"},
		{"%blas go cpu", "%blas go cpu: %blas shows the BLAS in use"},
	} {
		r := runCell(t, s, 8, tt.code)
		if r.err == nil || r.err.Name != "MagicError" || !strings.Contains(r.err.Value, tt.err) || !slices.ContainsFunc(r.err.Traceback, func(l string) bool { return strings.Contains(l, "cell[8]:1") }) {
			t.Errorf("%s: error %v %q, want a MagicError at cell[8]:1 containing %q", tt.code, r.err, r.err.Traceback, tt.err)
		}
	}
	// The session is intact after those errors.
	if r := mustRun(t, s, 9, blas64Type); r.stdout != "gonum.Implementation\n" {
		t.Errorf("after failed %%blas lines, the BLAS in use is %q", r.stdout)
	}
	if !lib {
		r := runCell(t, s, 10, "%blas cpu")
		if r.err == nil || !strings.Contains(r.err.Value, "apt-get install libopenblas0") {
			t.Errorf("%%blas cpu without a library: %v, want what to install", r.err)
		}
		return
	}
	if r := mustRun(t, s, 10, "%blas cpu\n%blas threads 1\n"+blas64Type); !strings.HasPrefix(r.stdout, "BLAS in use: cpu: ") || !strings.Contains(r.stdout, ", 1 thread (") || !strings.HasSuffix(r.stdout, "\n*cpublas.Implementation\n") {
		t.Errorf("%%blas cpu, %%blas threads 1: %q", r.stdout)
	}
	// The thread count is kept for a fresh worker too.
	mustRun(t, s, 11, "%reset")
	if r := mustRun(t, s, 12, blas64Type+"\n%blas"); !strings.HasPrefix(r.stdout, "BLAS in use: cpu: ") || !strings.Contains(strings.SplitN(r.stdout, "\n", 2)[0], ", 1 thread (") || !strings.HasSuffix(r.stdout, "\n*cpublas.Implementation\n") {
		t.Errorf("after %%blas threads 1 and %%reset, %%blas printed %q, want the CPU library with 1 thread", r.stdout)
	}
}

// NNBOOK_BLAS pins the backend of cells; a library that does not load
// leaves them in pure Go, with a clean stderr, a warning in the kernel's
// log and the reason in %blas.
func TestBLASPinned(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	for _, tt := range []struct {
		env       []string
		blasFirst bool     // %blas is the first cell, which installs the backend
		want      []string // in %blas
		log       string
	}{
		{[]string{backend.EnvBLAS + "=go"}, true, []string{"BLAS in use: go: gonum's pure-Go BLAS, reproducible bit for bit\n", "\nNNBOOK_BLAS: go\n"}, "BLAS backend installed for cells"},
		{[]string{backend.EnvBLAS + "=cpu", cpublas.EnvLibrary + "=/nonexistent/libopenblas.so.0"}, false,
			[]string{"BLAS in use: go: gonum's pure-Go BLAS, reproducible bit for bit (NNBOOK_BLAS=cpu: backend: cpu: cpublas: no CPU BLAS library: NNBOOK_BLAS_LIB=/nonexistent/libopenblas.so.0", "\nNNBOOK_BLAS: cpu\n"},
			`level=WARN msg="cells compute with gonum's pure-Go BLAS" backend="go: gonum's pure-Go BLAS, reproducible bit for bit (NNBOOK_BLAS=cpu: `},
	} {
		t.Run(tt.env[0], func(t *testing.T) {
			var log logBuffer
			s, err := NewSession(Config{ProjectDir: "../..", Env: tt.env, Logger: slog.New(slog.NewTextHandler(&log, nil))})
			s = contracttest.Keep(t, s, err)
			var r blasRun
			if tt.blasFirst {
				r = mustRun(t, s, 1, "%blas")
			}
			if r := mustRun(t, s, 2, blas64Type); r.stdout != "gonum.Implementation\n" {
				t.Errorf("with %v the BLAS in use is %q", tt.env, r.stdout)
			}
			if !strings.Contains(log.String(), tt.log) {
				t.Errorf("the kernel's log\n%s\nwant it to contain %s", log.String(), tt.log)
			}
			if !tt.blasFirst {
				r = mustRun(t, s, 3, "%blas")
			}
			for _, want := range tt.want {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("%%blas printed\n%s\nwant it to contain %q", r.stdout, want)
				}
			}
		})
	}
}

// logBuffer collects a session's log.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// A session whose module has no nnbook computes in pure Go: its BLAS
// cells run with a clean stderr, and %blas says why.
func TestBLASWithoutNNBook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	gosum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	gonum := ""
	for _, l := range strings.Split(string(mustRead(t, filepath.Join(root, "go.mod"))), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "gonum.org/v1/gonum" {
			gonum = f[1]
		}
	}
	if gonum == "" {
		t.Fatal("no gonum requirement in go.mod")
	}
	project := t.TempDir()
	if err := os.WriteFile(filepath.Join(project, "go.mod"), []byte("module example.com/plain\n\ngo 1.26\n\nrequire gonum.org/v1/gonum "+gonum+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(project, "go.sum"), gosum, 0o644); err != nil {
		t.Fatal(err)
	}
	var log logBuffer
	s, err := NewSession(Config{ProjectDir: project, Env: []string{backend.EnvBLAS + "=cpu"}, Grace: time.Second, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	s = contracttest.Keep(t, s, err)
	if r := mustRun(t, s, 1, blas64Type); r.stdout != "gonum.Implementation\n" || hasBLASFile(s, 1) {
		t.Errorf("without nnbook the BLAS in use is %q (blas.go %v), want pure Go", r.stdout, hasBLASFile(s, 1))
	}
	if want := `level=WARN msg="cells compute with gonum's pure-Go BLAS: the backend package cannot be imported" package=` + backendPath; !strings.Contains(log.String(), want) {
		t.Errorf("the kernel's log\n%s\nwant it to contain %s", log.String(), want)
	}
	r := runCell(t, s, 2, "%blas")
	if r.err == nil || !strings.Contains(r.err.Value, "cells cannot import "+backendPath+", so they compute with gonum's pure-Go BLAS") {
		t.Errorf("%%blas without nnbook: %v, want why", r.err)
	}
	mustRun(t, s, 3, blas64Type)
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBLASSource(t *testing.T) {
	for _, tt := range []struct {
		choice  string
		threads int
		call    string
		set     bool
	}{
		{"", 0, "nbi_backend.UseDefault()", false},
		{"go", 0, `nbi_backend.UseOrGo("go")`, false},
		{"cpu", 3, `nbi_backend.UseOrGo("cpu")`, true},
	} {
		src := blasSource(tt.choice, tt.threads)
		if !strings.Contains(src, "var NNBOOKBLAS, _ = "+tt.call+"\n") || !strings.Contains(src, `NNBOOKVars["%blas"] = &NNBOOKBLAS`) ||
			strings.Contains(src, "SetThreads(3)") != tt.set {
			t.Errorf("blasSource(%q, %d) =\n%s", tt.choice, tt.threads, src)
		}
	}
}
