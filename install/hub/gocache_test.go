// Package hub_test checks the shared Go build cache of install/hub
// (gocache.py) against the go command itself: a student's cache seeded from
// a frozen shared one gives cache hits, and the student's own builds never
// write to the shared cache.
package hub_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// future is gocache.py's FUTURE: the mtime of every frozen file.
var future = time.Unix(4102444800, 0)

func run(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// files returns the cache's regular files by path relative to dir.
func files(t *testing.T, dir string) map[string]fs.FileInfo {
	t.Helper()
	out := map[string]fs.FileInfo{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		rel, _ := filepath.Rel(dir, p)
		out[rel] = info
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSharedCache(t *testing.T) {
	python := "/usr/bin/python3"
	if _, err := os.Stat(python); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: %v (apt-get install python3)", python, err)
		}
		t.Skipf("%s not found: %v", python, err)
	}
	script, err := filepath.Abs("gocache.py")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Cleanup(func() { // the frozen directories are read-only
		filepath.WalkDir(tmp, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(p, 0o755)
			}
			return nil
		})
	})
	mod := filepath.Join(tmp, "mod")
	// Packages without imports compile in milliseconds: no standard library.
	for name, src := range map[string]string{
		"go.mod": "module example.com/class\n\ngo 1.22\n",
		"p/p.go": "package p\n\nfunc Sum(xs []float64) (s float64) {\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n",
		"q/q.go": "package q\n\nfunc Mean(xs []float64) float64 {\n\ts := 0.0\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s / float64(len(xs))\n}\n",
	} {
		path := filepath.Join(mod, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shared, user := filepath.Join(tmp, "shared"), filepath.Join(tmp, "user")
	env := []string{"GOFLAGS=", "GOTOOLCHAIN=local", "GOPROXY=off"}

	// The class's cache: p built once, then frozen.
	run(t, mod, append(env, "GOCACHE="+shared), "go", "build", "./p")
	run(t, mod, nil, python, script, "freeze", shared)
	before := files(t, shared)
	for rel, info := range before {
		if !info.ModTime().Equal(future) || info.Mode().Perm()&0o222 != 0 {
			t.Fatalf("frozen %s: mtime %v mode %v, want %v and no write bits", rel, info.ModTime(), info.Mode(), future)
		}
	}

	// A student's cache: p is a cache hit, q is built into the student's cache.
	run(t, mod, nil, python, script, "seed", shared, user)
	if out := run(t, mod, append(env, "GOCACHE="+user), "go", "build", "-x", "./p"); strings.Contains(out, "/compile ") {
		t.Errorf("seeded cache: go build ./p compiled p again:\n%s", out)
	}
	if out := run(t, mod, append(env, "GOCACHE="+user), "go", "build", "-x", "./q"); !strings.Contains(out, "/compile ") {
		t.Errorf("seeded cache: go build ./q did not compile q:\n%s", out)
	}

	after := files(t, shared)
	if len(after) != len(before) {
		t.Errorf("shared cache has %d files after the student's builds, %d before", len(after), len(before))
	}
	mine := files(t, user)
	linked := 0
	for rel, info := range before {
		a, ok := after[rel]
		if !ok || !a.ModTime().Equal(info.ModTime()) || a.Size() != info.Size() {
			t.Errorf("shared %s changed by the student's builds", rel)
		}
		m, ok := mine[rel]
		if !ok {
			t.Errorf("student's cache lacks %s", rel)
			continue
		}
		same := os.SameFile(m, info)
		if strings.HasSuffix(rel, "-d") != same {
			t.Errorf("student's %s: hard link to the shared file = %v, want it for outputs (-d) only", rel, same)
		}
		if same {
			linked++
		}
	}
	if linked == 0 || len(mine) <= len(before) {
		t.Errorf("student's cache: %d files (%d linked), shared %d: want links and q's new entries", len(mine), linked, len(before))
	}
}
