package modules

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/nnbook/nnbook/internal/goproxy"
)

// root returns the source tree this package belongs to.
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// env returns a Getenv with only the variables of kv set.
func env(kv ...string) func(string) string {
	return func(key string) string {
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i] == key {
				return kv[i+1]
			}
		}
		return ""
	}
}

// devel is the build info of a binary built in a source tree.
var devel = &debug.BuildInfo{Main: debug.Module{Path: Module, Version: "(devel)"}}

// setRecorded sets what the binary recorded at install for one test.
func setRecorded(t *testing.T, dir string) {
	old := recordedSource
	recordedSource = dir
	t.Cleanup(func() { recordedSource = old })
}

func TestFindEnvSource(t *testing.T) {
	setRecorded(t, "/recorded/elsewhere")
	src, err := Find(context.Background(), FindConfig{Getenv: env(EnvSource, root(t)), BuildInfo: devel})
	if err != nil {
		t.Fatal(err)
	}
	if src.Dir != root(t) || src.Version != "" || !strings.HasPrefix(src.Origin, "$NNBOOK_SOURCE") {
		t.Errorf("Find = %+v, want the source tree %s from $NNBOOK_SOURCE", src, root(t))
	}
	sum, err := os.ReadFile(filepath.Join(root(t), "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if string(src.GoSum) != string(sum) {
		t.Error("the session's go.sum is not the source tree's")
	}
	mf, err := modfile.Parse("go.mod", src.ModFile("nnbook.session", "go1.99.1 X:exp"), nil)
	if err != nil {
		t.Fatalf("ModFile is not a go.mod: %v", err)
	}
	if len(mf.Replace) != 1 || mf.Replace[0].Old.Path != Module || mf.Replace[0].New.Path != root(t) {
		t.Errorf("ModFile replaces %v, want %s => %s", mf.Replace, Module, root(t))
	}
	if mf.Go == nil || mf.Go.Version != src.GoVersion || src.GoVersion == "" {
		t.Errorf("ModFile's go directive %v, want nnbook's %q", mf.Go, src.GoVersion)
	}
}

func TestFindEnvSourceRelative(t *testing.T) {
	src, err := Find(context.Background(), FindConfig{Getenv: env(EnvSource, "modules"), WorkDir: filepath.Join(root(t), "kernel"), BuildInfo: devel})
	if err == nil {
		t.Fatalf("Find with NNBOOK_SOURCE=modules (not a source tree) = %+v, want an error", src)
	}
	for _, want := range []string{"NNBOOK_SOURCE=modules", filepath.Join(root(t), "kernel", "modules"), "unset it"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	src, err = Find(context.Background(), FindConfig{Getenv: env(EnvSource, ".."), WorkDir: filepath.Join(root(t), "kernel"), BuildInfo: devel})
	if err != nil || src.Dir != root(t) {
		t.Errorf("Find with NNBOOK_SOURCE=.. in kernel/ = %+v, %v; want %s", src, err, root(t))
	}
}

func TestFindRecorded(t *testing.T) {
	setRecorded(t, root(t))
	src, err := Find(context.Background(), FindConfig{Getenv: env(), BuildInfo: devel})
	if err != nil {
		t.Fatal(err)
	}
	if src.Dir != root(t) || !strings.Contains(src.Origin, "recorded at install") {
		t.Errorf("Find = %+v, want the recorded tree %s", src, root(t))
	}
}

// TestFindNothing checks that the error names each place searched and the
// ways to fix it.
func TestFindNothing(t *testing.T) {
	tests := []struct {
		name     string
		recorded string
		info     *debug.BuildInfo
		want     []string
	}{
		{"devel, nothing recorded", "", devel,
			[]string{"$NNBOOK_SOURCE: unset", "not built by `go run ./install`", "built in a source tree"}},
		{"recorded tree moved", "/moved/away", devel,
			[]string{"/moved/away", "go run ./install` again"}},
		{"dirty build", "", &debug.BuildInfo{Main: debug.Module{Path: Module, Version: "v0.0.0-20261203000000-abcdefabcdef+dirty"}},
			[]string{"+dirty", "uncommitted changes"}},
		{"another main module", "", &debug.BuildInfo{Main: debug.Module{Path: "example.com/other", Version: "v1.0.0"}},
			[]string{`"example.com/other"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setRecorded(t, tt.recorded)
			_, err := Find(context.Background(), FindConfig{Getenv: env(), BuildInfo: tt.info})
			var nf *NotFoundError
			if !errors.As(err, &nf) {
				t.Fatalf("Find = %v, want a *NotFoundError", err)
			}
			if len(nf.Searched) != 3 {
				t.Errorf("searched %d places, want 3: %q", len(nf.Searched), nf.Searched)
			}
			for _, want := range append(tt.want, "NNBOOK_SOURCE", "go run ./install", "nnbook install", "go install "+Module+"/kernel/cmd/nnbook@VERSION") {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error does not mention %q:\n%s", want, err)
				}
			}
		})
	}
}

// proxyEnv serves the module versions written into a new proxy directory
// with an empty module cache, and returns the directory and the
// environment.
func proxyEnv(t *testing.T) (proxy string, env []string) {
	t.Helper()
	proxy = t.TempDir()
	return proxy, []string{
		"GOPROXY=" + goproxy.URL(proxy),
		"GOMODCACHE=" + t.TempDir(),
		"GONOSUMDB=" + Module + ",example.test", // test versions no checksum database knows
		"GOFLAGS=-modcacherw",                   // so the test can remove the cache
	}
}

// fakeNNBook is a small module version under nnbook's module path.
var fakeNNBook = map[string][]byte{
	"go.mod":          []byte("module github.com/nnbook/nnbook\n\ngo 1.26.0\n\nrequire (\n\texample.test/dep v1.0.0\n\texample.test/indirect v1.0.0 // indirect\n)\n"),
	"go.sum":          []byte("example.test/unused v1.0.0 h1:fake=\nexample.test/unused v1.0.0/go.mod h1:fake=\n"),
	"nnkit/nnkit.go":  []byte("package nnkit\n"),
	"kernel/k.go":     []byte("package kernel\n"),
	"notebooks/x.txt": []byte("x\n"),
}

func TestFindBuildInfo(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip(err)
	}
	setRecorded(t, "")
	proxy, goEnv := proxyEnv(t)
	if err := goproxy.Add(proxy, module.Version{Path: Module, Version: "v0.9.0"}, fakeNNBook); err != nil {
		t.Fatal(err)
	}
	for _, m := range []module.Version{{Path: "example.test/dep", Version: "v1.0.0"}, {Path: "example.test/dep", Version: "v1.1.0"},
		{Path: "example.test/indirect", Version: "v1.0.0"}, {Path: "example.test/linked", Version: "v1.0.0"}} {
		files := map[string][]byte{"go.mod": []byte("module " + m.Path + "\n"), "x.go": []byte("package x\n")}
		if err := goproxy.Add(proxy, m, files); err != nil {
			t.Fatal(err)
		}
	}
	info := &debug.BuildInfo{
		Main: debug.Module{Path: Module, Version: "v0.9.0"},
		Deps: []*debug.Module{
			{Path: "example.test/linked", Version: "v1.0.0"},
			{Path: "example.test/dep", Version: "v1.1.0"},
			{Path: "example.com/local", Version: "v1.0.0", Replace: &debug.Module{Path: "../local"}},
		},
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	src, err := Find(ctx, FindConfig{Getenv: env(), BuildInfo: info, Env: goEnv})
	if err != nil {
		t.Fatal(err)
	}
	if src.Version != "v0.9.0" || !strings.Contains(src.Dir, "nnbook@v0.9.0") || src.GoVersion != "1.26.0" {
		t.Errorf("Find = %+v, want v0.9.0 from the module cache with go 1.26.0", src)
	}
	if _, err := os.Stat(filepath.Join(src.Dir, "nnkit", "nnkit.go")); err != nil {
		t.Errorf("nnkit is not in the module's directory: %v", err)
	}
	got := string(src.ModFile("nnbook.session", "go1.26.8"))
	// nnbook's requirements and the build's, the build's newer dep.
	want := "module nnbook.session\n\ngo 1.26.0\n\nrequire (\n" +
		"\tgithub.com/nnbook/nnbook v0.9.0\n\texample.test/dep v1.1.0\n\texample.test/indirect v1.0.0\n\texample.test/linked v1.0.0\n)\n"
	if got != want {
		t.Errorf("ModFile =\n%s\nwant\n%s", got, want)
	}
	sum := string(src.GoSum)
	// nnbook's own go.sum, nnbook's hashes, and what the go command added
	// while it fetched the modules nnkit needs.
	for _, line := range append(strings.SplitAfter(string(fakeNNBook["go.sum"]), "\n"), Module+" v0.9.0 h1:", Module+" v0.9.0/go.mod h1:", "example.test/dep v1.1.0/go.mod h1:") {
		if !strings.Contains(sum, line) {
			t.Errorf("go.sum lacks %q:\n%s", line, sum)
		}
	}

	// Served now from the module cache alone: offline works.
	src2, err := Find(ctx, FindConfig{Getenv: env(), BuildInfo: info, Env: append(goEnv, "GOPROXY=off")})
	if err != nil || src2.Dir != src.Dir {
		t.Errorf("Find offline after the download = %+v, %v; want the cached %s", src2, err, src.Dir)
	}
}

func TestFindBuildInfoUnavailable(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip(err)
	}
	setRecorded(t, "")
	_, goEnv := proxyEnv(t)
	info := &debug.BuildInfo{Main: debug.Module{Path: Module, Version: "v0.9.1"}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := Find(ctx, FindConfig{Getenv: env(), BuildInfo: info, Env: append(goEnv, "GOPROXY=off")})
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("Find = %v, want a *NotFoundError", err)
	}
	for _, want := range []string{Module + "@v0.9.1", "GOPROXY=off"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%s", want, err)
		}
	}
}

func TestLinkFlag(t *testing.T) {
	tests := []struct{ dir, want string }{
		{"/src/nnbook", "-X=" + Module + "/kernel/modules.recordedSource=/src/nnbook"},
		{"/my src/nnbook", "-X='" + Module + "/kernel/modules.recordedSource=/my src/nnbook'"},
		{"/it's/here", `-X="` + Module + `/kernel/modules.recordedSource=/it's/here"`},
	}
	for _, tt := range tests {
		if got := LinkFlag(tt.dir); got != tt.want {
			t.Errorf("LinkFlag(%q) = %s, want %s", tt.dir, got, tt.want)
		}
	}
}
