package live

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
)

// TestWorkerKey checks that the key of a worker build changes with each
// input that changes the packages the worker links, and only then.
func TestWorkerKey(t *testing.T) {
	tool := filepath.Join(t.TempDir(), "compile")
	if err := os.WriteFile(tool, []byte("compiler"), 0o755); err != nil {
		t.Fatal(err)
	}
	env := cell.GoEnv{GOVERSION: "go1.26.8", GOROOT: "/usr/local/go", GOOS: "linux", GOARCH: "amd64", GOAMD64: "v1",
		CGO_ENABLED: "1", CC: "gcc", CGO_CFLAGS: "-O2 -g", GOFLAGS: "", GOTOOLDIR: "/x", GOMODCACHE: "/m"}
	files := func() map[string][]byte {
		return map[string][]byte{
			"go.mod":                      []byte("module nnbook.session\n\ngo 1.26.0\n"),
			"go.sum":                      []byte("example.com/m v1.0.0 h1:abc=\n"),
			"worker/main.go":              []byte("package main\n"),
			"worker/protocol/protocol.go": []byte("package protocol\n"),
		}
	}
	base := workerKey(env, []string{tool}, files())
	if again := workerKey(env, []string{tool}, files()); again != base {
		t.Fatalf("the same inputs gave keys %s and %s", base, again)
	}
	// Settings a session does not build with must not change the key.
	same := env
	same.GOTOOLDIR, same.GOMODCACHE = "/elsewhere", "/other"
	if got := workerKey(same, []string{tool}, files()); got != base {
		t.Errorf("GOTOOLDIR and GOMODCACHE changed the key")
	}
	changes := map[string]func(e *cell.GoEnv, f map[string][]byte){
		"go version":   func(e *cell.GoEnv, f map[string][]byte) { e.GOVERSION = "go1.26.9" },
		"GOROOT":       func(e *cell.GoEnv, f map[string][]byte) { e.GOROOT = "/opt/go" },
		"GOARCH":       func(e *cell.GoEnv, f map[string][]byte) { e.GOARCH = "arm64" },
		"GOAMD64":      func(e *cell.GoEnv, f map[string][]byte) { e.GOAMD64 = "v3" },
		"GOEXPERIMENT": func(e *cell.GoEnv, f map[string][]byte) { e.GOEXPERIMENT = "noswissmap" },
		"GOFLAGS":      func(e *cell.GoEnv, f map[string][]byte) { e.GOFLAGS = "-gcflags=all=-N" },
		"CGO_ENABLED":  func(e *cell.GoEnv, f map[string][]byte) { e.CGO_ENABLED = "0" },
		"CC":           func(e *cell.GoEnv, f map[string][]byte) { e.CC = "clang" },
		"CGO_CFLAGS":   func(e *cell.GoEnv, f map[string][]byte) { e.CGO_CFLAGS = "-O0" },
		"CGO_LDFLAGS":  func(e *cell.GoEnv, f map[string][]byte) { e.CGO_LDFLAGS = "-lm" },
		"go.mod": func(e *cell.GoEnv, f map[string][]byte) {
			f["go.mod"] = append(f["go.mod"], "require example.com/m v1.0.0\n"...)
		},
		"go.sum":        func(e *cell.GoEnv, f map[string][]byte) { f["go.sum"] = nil },
		"worker source": func(e *cell.GoEnv, f map[string][]byte) { f["worker/main.go"] = []byte("package main // v2\n") },
		"protocol": func(e *cell.GoEnv, f map[string][]byte) {
			f["worker/protocol/protocol.go"] = append(f["worker/protocol/protocol.go"], '\n')
		},
		"a file renamed": func(e *cell.GoEnv, f map[string][]byte) {
			f["worker/main2.go"] = f["worker/main.go"]
			delete(f, "worker/main.go")
		},
	}
	for name, change := range changes {
		e, f := env, files()
		change(&e, f)
		if got := workerKey(e, []string{tool}, f); got == base {
			t.Errorf("%s: the key did not change", name)
		}
	}
	// A toolchain rebuilt in place keeps its version, not its files.
	if err := os.WriteFile(tool, []byte("compiler, rebuilt"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := workerKey(env, []string{tool}, files()); got == base {
		t.Errorf("a changed compiler binary did not change the key")
	}
}

// cacheSession starts a session whose worker cache is in dir.
func cacheSession(t *testing.T, dir string) *Session {
	t.Helper()
	s, err := NewSession(Config{ProjectDir: "../..", CacheDir: dir})
	return contracttest.Keep(t, s, err)
}

// runHello runs a cell that prints and checks its output.
func runHello(t *testing.T, s *Session, n int) {
	t.Helper()
	var rec contracttest.Recorder
	res := s.Execute(context.Background(), contract.Request{Code: `import "fmt"` + "\n" + `fmt.Println("hello", 6*7)`, ExecutionCount: n}, &rec)
	if res.Err != nil {
		t.Fatalf("cell: %v\n%s", res.Err, strings.Join(res.Err.Traceback, "\n"))
	}
	if got := rec.Stdout(); got != "hello 42\n" {
		t.Fatalf("cell printed %q, want %q (stderr %q)", got, "hello 42\n", rec.Stderr())
	}
}

// TestWorkerCacheSecondSession checks that a second session with the
// same toolchain and module builds no worker and runs no go list before
// its first cell, and that its cells run.
func TestWorkerCacheSecondSession(t *testing.T) {
	dir := t.TempDir()
	s1 := cacheSession(t, dir)
	if s1.workerBuilds != 1 || s1.workerCached {
		t.Fatalf("first session: %d worker builds, from the cache %v; want 1 build", s1.workerBuilds, s1.workerCached)
	}
	runHello(t, s1, 1)
	s2 := cacheSession(t, dir)
	if s2.workerBuilds != 0 || !s2.workerCached {
		t.Fatalf("second session: %d worker builds, from the cache %v; want the cached worker", s2.workerBuilds, s2.workerCached)
	}
	if !strings.HasPrefix(s2.workerBin, filepath.Join(dir, "worker")) {
		t.Errorf("second session runs %s, not a worker of the cache in %s", s2.workerBin, dir)
	}
	runHello(t, s2, 1)
	if n := s2.exports.lists; n != 0 {
		t.Errorf("second session: %d go list runs before and during its first cell, want 0 (the export cache)", n)
	}
	runHello(t, s2, 2)
}

// TestWorkerCacheConcurrentFill starts two sessions at once on an empty
// cache: both build, one entry is kept whole, and a third session uses it.
func TestWorkerCacheConcurrentFill(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	sessions := make([]*Session, 2)
	errs := make([]error, 2)
	for i := range sessions {
		wg.Go(func() { sessions[i], errs[i] = NewSession(Config{ProjectDir: "../..", CacheDir: dir}) })
	}
	wg.Wait()
	for i, s := range sessions {
		s = contracttest.Keep(t, s, errs[i])
		runHello(t, s, 1)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "worker"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != sessions[0].cache.key {
		t.Errorf("cache holds %q, want only the entry %s (no temporary directories)", names, sessions[0].cache.key)
	}
	s3 := cacheSession(t, dir)
	if s3.workerBuilds != 0 || !s3.workerCached {
		t.Errorf("third session: %d worker builds, want the cached worker", s3.workerBuilds)
	}
	runHello(t, s3, 1)
}

// TestWorkerCacheDamaged checks that a damaged entry is built again,
// never used: a changed byte in the binary, a manifest that is not JSON.
func TestWorkerCacheDamaged(t *testing.T) {
	damage := map[string]func(t *testing.T, entry string){
		"binary": func(t *testing.T, entry string) {
			bin := filepath.Join(entry, workerName)
			data, err := os.ReadFile(bin)
			if err != nil {
				t.Fatal(err)
			}
			data[len(data)/2] ^= 0xff
			// The first session runs the binary: it cannot be written
			// in place.
			if err := os.WriteFile(bin+".new", data, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(bin+".new", bin); err != nil {
				t.Fatal(err)
			}
		},
		"manifest": func(t *testing.T, entry string) {
			if err := os.WriteFile(filepath.Join(entry, "manifest.json"), []byte("{"), 0o644); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, f := range damage {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			s1 := cacheSession(t, dir)
			f(t, s1.cache.dir())
			s2 := cacheSession(t, dir)
			if s2.workerBuilds != 1 || s2.workerCached {
				t.Fatalf("after damage: %d worker builds, from the cache %v; want a new build", s2.workerBuilds, s2.workerCached)
			}
			runHello(t, s2, 1)
			if _, ok := s2.cache.lookup(); !ok {
				t.Errorf("the entry built again does not check")
			}
		})
	}
}

// TestWorkerCacheStale plants, under the session's key and with a
// manifest that checks, a worker compiled without inlining: its packages
// differ from the plugins', which plugin.Open reports. The cell still
// runs, on a worker built again, which the cache then holds.
func TestWorkerCacheStale(t *testing.T) {
	dir := t.TempDir()
	s1 := cacheSession(t, dir)
	c := *s1.cache
	c.remove()
	bin, err := c.store(func(out string) error {
		b, err := s1.goCmd(context.Background(), "build", "-gcflags=all=-l", "-o", out, "./worker")
		if err != nil {
			t.Fatalf("build a stale worker: %v: %s", err, b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	stale, _, err := hashFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	s2 := cacheSession(t, dir)
	if !s2.workerCached || s2.workerBuilds != 0 {
		t.Fatalf("the planted worker was not used: from the cache %v, %d builds", s2.workerCached, s2.workerBuilds)
	}
	runHello(t, s2, 1)
	if s2.workerBuilds != 1 {
		t.Errorf("%d worker builds after the stale worker failed to load a plugin, want 1", s2.workerBuilds)
	}
	fresh, _, err := hashFile(filepath.Join(c.dir(), workerName))
	if err != nil || fresh == stale {
		t.Errorf("the cache still holds the stale worker (err %v)", err)
	}
	runHello(t, s2, 2)
}

// TestWorkerCachePrune checks that storing an entry keeps at most
// maxWorkerEntries, dropping the least recently used ones.
func TestWorkerCachePrune(t *testing.T) {
	root := t.TempDir()
	c := &workerCache{root: root, goVersion: "go1.26.8", log: slog.New(slog.DiscardHandler)}
	for i := range maxWorkerEntries + 2 {
		c.key = "k" + itoa(i)
		if _, err := c.store(func(out string) error { return os.WriteFile(out, []byte("not a worker"), 0o755) }); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != maxWorkerEntries {
		t.Errorf("%d entries after storing %d, want %d", len(entries), maxWorkerEntries+2, maxWorkerEntries)
	}
	if _, err := os.Stat(filepath.Join(root, "k"+itoa(maxWorkerEntries+1))); err != nil {
		t.Errorf("the newest entry was pruned: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "k0")); err == nil {
		t.Errorf("the oldest entry was kept")
	}
}

// TestWarmCacheFillsWorkerCache checks that warming (what the installer
// does) leaves the worker and the listings of the warmed packages in the
// cache: the first session after it builds no worker and its first cell,
// which imports gonum, runs no go list.
func TestWarmCacheFillsWorkerCache(t *testing.T) {
	dir := t.TempDir()
	if err := WarmCache(context.Background(), Config{ProjectDir: "../..", CacheDir: dir}); err != nil {
		t.Fatal(err)
	}
	s := cacheSession(t, dir)
	if s.workerBuilds != 0 || !s.workerCached {
		t.Fatalf("first session after warming: %d worker builds, from the cache %v; want the cached worker", s.workerBuilds, s.workerCached)
	}
	var rec contracttest.Recorder
	code := "import \"gonum.org/v1/gonum/mat\"\nm := mat.NewDense(2, 2, []float64{1, 2, 3, 4})\nfmt.Println(mat.Det(m))"
	if res := s.Execute(context.Background(), contract.Request{Code: code, ExecutionCount: 1}, &rec); res.Err != nil {
		t.Fatalf("cell: %v\n%s", res.Err, strings.Join(res.Err.Traceback, "\n"))
	}
	if got, want := rec.Stdout(), "-2\n"; got != want {
		t.Errorf("cell printed %q, want %q", got, want)
	}
	if n := s.exports.lists; n != 0 {
		t.Errorf("%d go list runs, want 0: gonum/mat and fmt were listed when warming", n)
	}
}
