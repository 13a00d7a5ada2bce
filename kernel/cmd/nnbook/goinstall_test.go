package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/module"

	"github.com/nnbook/nnbook/internal/goproxy"
	"github.com/nnbook/nnbook/kernel/modules"
)

// goInstallVersion is the version the test serves the checkout as.
const goInstallVersion = "v0.99.0"

// goInstallNotebook pins example.test/tiny at v1.0.0 with %go get (the
// proxy also has v1.1.0), imports nnkit, uses the first cell's variable
// with an auto-imported gonum package, and imports the pinned module and
// example.test/other, which the session does not have yet. The outputs are
// ExampleAND's (nnkit/data/dataset), the sum of its inputs, and
// 42 (tiny v1.0.0) + 100 (other) + 4.
const goInstallNotebook = `{
 "cells": [
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "%go get example.test/tiny@v1.0.0"},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "import \"github.com/nnbook/nnbook/nnkit/data/dataset\"\n\nx, y := dataset.AND()\nfmt.Println(y)"},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "fmt.Println(mat.Sum(x))"},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "import (\n\t\"example.test/other\"\n\t\"example.test/tiny\"\n)\n\nfmt.Println(tiny.Answer + other.N + len(y))"}
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 4
}
`

// TestGoInstall follows a user without a clone: the checkout, served as
// nnbook@v0.99.0 by a file GOPROXY (the modules it needs come from the real
// module cache, used as a second file proxy, so the test runs offline),
// is installed with go install into an empty GOPATH and module cache; the
// binary registers itself with nnbook install, and nnbook run, started in
// another directory without NNBOOK_SOURCE, runs a notebook whose cells
// import nnkit: the binary found its own version from its build info.
func TestGoInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("installs the kernel with go install and builds cells from an empty module cache; skipped with -short")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	root := repoRoot(t)
	realCache := goEnvValue(t, goCmd, "GOMODCACHE")

	// The checkout's files as git sees them (tracked, and new ones not
	// ignored), as a module version.
	proxy := t.TempDir()
	ls := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	ls.Dir = root
	out, err := ls.Output()
	if err != nil {
		t.Skipf("git ls-files: %v (the test serves a git checkout)", err)
	}
	var names []string
	for _, n := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if _, err := os.Lstat(filepath.Join(root, n)); err == nil {
			names = append(names, n) // not deleted in the working tree
		}
	}
	if err := goproxy.AddDir(proxy, module.Version{Path: modules.Module, Version: goInstallVersion}, root, names); err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct{ path, version, code string }{
		{"example.test/tiny", "v1.0.0", "package tiny\n\nconst Answer = 42\n"},
		{"example.test/tiny", "v1.1.0", "package tiny\n\nconst Answer = 43\n"},
		{"example.test/other", "v1.0.0", "package other\n\nconst N = 100\n"},
	} {
		files := map[string][]byte{
			"go.mod": []byte("module " + m.path + "\n\ngo 1.22\n"),
			"m.go":   []byte(m.code),
		}
		if err := goproxy.Add(proxy, module.Version{Path: m.path, Version: m.version}, files); err != nil {
			t.Fatal(err)
		}
	}

	home := t.TempDir()
	gopath := filepath.Join(home, "go")
	env := append(withoutVar(os.Environ(), modules.EnvSource),
		"HOME="+home,
		"GOPATH="+gopath,
		"GOMODCACHE="+filepath.Join(gopath, "pkg", "mod"),
		"GOBIN="+filepath.Join(gopath, "bin"),
		"GOPROXY="+goproxy.URL(proxy)+","+goproxy.URL(filepath.Join(realCache, "cache", "download"))+",off",
		// The test's version is in no checksum database, and none is
		// reachable offline.
		"GOSUMDB=off",
		// -modcacherw lets the test remove the module cache; -trimpath
		// keeps build-cache keys free of the temporary paths, so a second
		// run reuses the first one's builds.
		"GOFLAGS=-modcacherw -trimpath -buildvcs=false",
		"JUPYTER_DATA_DIR="+filepath.Join(home, "jupyter"),
	)
	run := func(dir, name string, args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}

	run(home, goCmd, "install", modules.Module+"/kernel/cmd/nnbook@"+goInstallVersion)
	bin := filepath.Join(gopath, "bin", "nnbook")
	if v := run(home, bin, "version"); !strings.Contains(v, goInstallVersion) {
		t.Errorf("nnbook version = %q, want %s", v, goInstallVersion)
	}

	report := run(home, bin, "install", "-no-warm")
	if !strings.Contains(report, modules.Module+"@"+goInstallVersion) {
		t.Errorf("nnbook install does not say that cells get nnkit from %s@%s:\n%s", modules.Module, goInstallVersion, report)
	}
	specDir := filepath.Join(home, "jupyter", "kernels", "nnbook")
	var spec struct {
		Argv []string
		Env  map[string]string
	}
	data, err := os.ReadFile(filepath.Join(specDir, "kernel.json"))
	if err != nil {
		t.Fatalf("nnbook install wrote no kernel.json: %v\n%s", err, report)
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatal(err)
	}
	if len(spec.Argv) != 4 || spec.Argv[0] != bin || spec.Argv[1] != "kernel" {
		t.Errorf("kernel.json argv = %q, want [%s kernel -f {connection_file}]", spec.Argv, bin)
	}

	nbDir, workDir := t.TempDir(), t.TempDir()
	nb := filepath.Join(nbDir, "and.ipynb")
	if err := os.WriteFile(nb, []byte(goInstallNotebook), 0o644); err != nil {
		t.Fatal(err)
	}
	outNB := filepath.Join(workDir, "and.out.ipynb")
	cmd := exec.CommandContext(ctx, bin, "run", nb, "-o", outNB, "-timeout", "10m")
	cmd.Dir = workDir
	cmd.Env = append(env, "NNBOOK_GO="+spec.Env["NNBOOK_GO"])
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nnbook run %s: %v\n%s", nb, err, msg)
	}
	stdout, stderr := streamText(t, outNB, "stdout"), streamText(t, outNB, "stderr")
	if want := []string{"", "[0 0 0 1]\n", "4\n", "146\n"}; strings.Join(stdout, "|") != strings.Join(want, "|") {
		t.Errorf("cells' stdout %q, want %q (stderr %q)", stdout, want, stderr)
	}
	if len(stderr) != 4 || !strings.Contains(stderr[0], "example.test/tiny v1.0.0") ||
		!strings.Contains(stderr[3], "example.test/other v1.0.0") || strings.Contains(stderr[3], "tiny") {
		t.Errorf("cells' stderr %q: want %%go get's progress for tiny in the first, the import's for other (only) in the last", stderr)
	}
	var meta struct {
		Metadata struct {
			NNBook struct{ Modules []string } `json:"nnbook"`
		}
	}
	if data, err := os.ReadFile(outNB); err != nil || json.Unmarshal(data, &meta) != nil {
		t.Fatalf("read %s: %v", outNB, err)
	}
	for _, want := range []string{modules.Module + "@" + goInstallVersion, "example.test/tiny@v1.0.0", "example.test/other@v1.0.0", "gonum.org/v1/gonum@v0.17.0"} {
		if !slices.Contains(meta.Metadata.NNBook.Modules, want) {
			t.Errorf("metadata nnbook.modules lacks %q: %q\nnnbook run said:\n%s", want, meta.Metadata.NNBook.Modules, msg)
		}
	}

	if report := run(home, bin, "uninstall"); !strings.Contains(report, "removed") {
		t.Errorf("nnbook uninstall: %s", report)
	}
	if _, err := os.Stat(specDir); !os.IsNotExist(err) {
		t.Errorf("%s still there after nnbook uninstall (stat: %v)", specDir, err)
	}
}

// goEnvValue returns go env NAME.
func goEnvValue(t *testing.T, goCmd, name string) string {
	t.Helper()
	out, err := exec.Command(goCmd, "env", name).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// withoutVar returns env without the variable key.
func withoutVar(env []string, key string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// streamText returns the text of each code cell's stream outputs named
// name in the notebook at path.
func streamText(t *testing.T, path, name string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			CellType string `json:"cell_type"`
			Outputs  []struct {
				OutputType string   `json:"output_type"`
				Name       string   `json:"name"`
				Text       []string `json:"text"`
			}
		}
	}
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var texts []string
	for _, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		var b strings.Builder
		for _, o := range c.Outputs {
			if o.OutputType == "stream" && o.Name == name {
				b.WriteString(strings.Join(o.Text, ""))
			}
		}
		texts = append(texts, b.String())
	}
	return texts
}
