package modules

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/module"

	"github.com/nnbook/nnbook/internal/goproxy"
)

// tinyModule is the module the resolver tests serve.
var tinyModule = map[string][]byte{
	"go.mod":  []byte("module example.test/tiny\n\ngo 1.22\n"),
	"tiny.go": []byte("package tiny\n\n// Answer is the answer.\nconst Answer = 42\n"),
}

// resolverFixture serves example.test/tiny v1.0.0 and v1.1.0 from a file
// proxy into an empty module cache and returns a resolver in that
// environment, with a new session module.
func resolverFixture(t *testing.T) (r *Resolver, session string, env []string) {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip(err)
	}
	proxy := t.TempDir()
	for _, v := range []string{"v1.0.0", "v1.1.0"} {
		if err := goproxy.Add(proxy, module.Version{Path: "example.test/tiny", Version: v}, tinyModule); err != nil {
			t.Fatal(err)
		}
	}
	env = []string{
		"GOPROXY=" + goproxy.URL(proxy),
		"GOMODCACHE=" + t.TempDir(),
		"GONOSUMDB=example.test", // the user's setting for a private module
		"GOFLAGS=-modcacherw",
	}
	return &Resolver{Env: env, Missing: &NotFoundError{Searched: []string{"test"}}}, newSession(t), env
}

// newSession returns a new, empty session module.
func newSession(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module nnbook.session\n\ngo 1.26\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// goMod returns the session's go.mod.
func goMod(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// buildOffline builds and runs, with GOPROXY=off, a program in the session
// module that prints tiny.Answer.
func buildOffline(t *testing.T, dir string, env []string) string {
	t.Helper()
	main := "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.test/tiny\"\n)\n\nfunc main() { fmt.Println(tiny.Answer) }\n"
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), env...), "GOPROXY=off", "GOFLAGS=-mod=mod -modcacherw", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run in the session: %v\n%s", err, out)
	}
	return string(out)
}

func TestEnsureAddsModule(t *testing.T) {
	r, dir, env := resolverFixture(t)
	var progress bytes.Buffer
	ctx := WithProgress(context.Background(), &progress)
	if err := r.Ensure(ctx, dir, []string{"fmt", "math/rand/v2", "nnbook.session/cells/c1", "example.test/tiny"}); err != nil {
		t.Fatal(err)
	}
	if gm := goMod(t, dir); !strings.Contains(gm, "example.test/tiny v1.1.0") {
		t.Errorf("go.mod does not require the newest example.test/tiny:\n%s", gm)
	}
	if !strings.Contains(progress.String(), "example.test/tiny v1.1.0") {
		t.Errorf("progress %q does not name the module being added", progress.String())
	}
	if got := buildOffline(t, dir, env); got != "42\n" {
		t.Errorf("the program printed %q, want 42", got)
	}
	if mods, err := r.List(ctx, dir); err != nil || len(mods) != 1 || mods[0] != "example.test/tiny@v1.1.0" {
		t.Errorf("List = %q, %v; want [example.test/tiny@v1.1.0] (not the session module)", mods, err)
	}

	// Now in go.mod: nothing to do, and no go command runs (a broken one
	// would fail).
	progress.Reset()
	r.Go = "/nonexistent/go"
	if err := r.Ensure(ctx, dir, []string{"example.test/tiny", "strings"}); err != nil || progress.Len() > 0 {
		t.Errorf("Ensure of a required module = %v, progress %q; want nothing done", err, progress.String())
	}
}

// TestEnsureCachedOffline adds a module that the module cache holds, with
// GOPROXY=off: the cache is asked first.
func TestEnsureCachedOffline(t *testing.T) {
	r, dir, env := resolverFixture(t)
	if err := r.Ensure(context.Background(), dir, []string{"example.test/tiny"}); err != nil {
		t.Fatal(err)
	}
	off := &Resolver{Env: append(env, "GOPROXY=off")}
	dir2 := newSession(t)
	if err := off.Ensure(context.Background(), dir2, []string{"example.test/tiny"}); err != nil {
		t.Fatalf("Ensure of a cached module with GOPROXY=off: %v", err)
	}
	if got := buildOffline(t, dir2, env); got != "42\n" {
		t.Errorf("the program printed %q, want 42", got)
	}
}

func TestEnsureProxyOff(t *testing.T) {
	_, dir, env := resolverFixture(t)
	off := &Resolver{Env: append(env, "GOPROXY=off")}
	before := goMod(t, dir)
	err := off.Ensure(context.Background(), dir, []string{"example.test/tiny"})
	var re *ResolveError
	if !errors.As(err, &re) {
		t.Fatalf("Ensure of an uncached module with GOPROXY=off = %v, want a *ResolveError", err)
	}
	for _, want := range []string{"example.test/tiny", "GOPROXY=off", "kernel.json", "go mod download"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%s", want, err)
		}
	}
	if after := goMod(t, dir); after != before {
		t.Errorf("a failed Ensure changed go.mod:\n%s", after)
	}
}

func TestEnsureNoNetwork(t *testing.T) {
	_, dir, env := resolverFixture(t)
	// Nothing listens on port 1 of the loopback address.
	r := &Resolver{Env: append(env, "GOPROXY=http://127.0.0.1:1")}
	err := r.Ensure(context.Background(), dir, []string{"example.test/tiny"})
	if err == nil || !strings.Contains(err.Error(), "no network?") || !strings.Contains(err.Error(), "work offline") {
		t.Errorf("Ensure with an unreachable proxy = %v, want an error that says the network is unreachable and what works offline", err)
	}
}

// hangingProxy is a GOPROXY that answers nothing until the request ends.
func hangingProxy(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		select {
		case <-req.Context().Done():
		case <-time.After(time.Minute):
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestEnsureInterruptAndTimeout(t *testing.T) {
	_, dir, env := resolverFixture(t)
	r := &Resolver{Env: append(env, "GOPROXY="+hangingProxy(t))}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	err := r.Ensure(ctx, dir, []string{"example.test/tiny"})
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("Ensure cancelled = %v, want an interrupted error", err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("Ensure returned %v after the interrupt", d)
	}

	r.Timeout = 300 * time.Millisecond
	err = r.Ensure(context.Background(), dir, []string{"example.test/tiny"})
	if err == nil || !strings.Contains(err.Error(), "longer than 300ms") {
		t.Errorf("Ensure past its timeout = %v, want an error naming the timeout", err)
	}
}

func TestEnsureNNBookMissing(t *testing.T) {
	r, dir, _ := resolverFixture(t)
	err := r.Ensure(context.Background(), dir, []string{Module + "/nnkit/data/dataset"})
	var nf *NotFoundError
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), Module+"/nnkit/data/dataset") {
		t.Errorf("Ensure of nnkit without a source = %v, want the import path and a *NotFoundError", err)
	}
}

func TestIsStdAndCovered(t *testing.T) {
	for p, want := range map[string]bool{"fmt": true, "math/rand/v2": true, "C": true, "example.com/x": false, "nnbook.session/cells/c1": false} {
		if got := isStd(p); got != want {
			t.Errorf("isStd(%q) = %v, want %v", p, got, want)
		}
	}
	if !within("gonum.org/v1/gonum/mat", "gonum.org/v1/gonum") || within("gonum.org/v1/gonumx", "gonum.org/v1/gonum") {
		t.Error("within does not match by path elements")
	}
}

// BenchmarkEnsureCovered measures what every cell pays when its imports
// are provided already: reading the session's go.mod.
func BenchmarkEnsureCovered(b *testing.B) {
	dir := b.TempDir()
	gomod := "module nnbook.session\n\ngo 1.26\n\nrequire (\n\tgithub.com/nnbook/nnbook v0.0.0\n\tgonum.org/v1/gonum v0.17.0\n)\n\nreplace github.com/nnbook/nnbook => /src\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o600); err != nil {
		b.Fatal(err)
	}
	r := &Resolver{Go: "/nonexistent/go"}
	paths := []string{"fmt", "gonum.org/v1/gonum/mat", Module + "/nnkit/model", "strings"}
	for b.Loop() {
		if err := r.Ensure(context.Background(), dir, paths); err != nil {
			b.Fatal(err)
		}
	}
}
