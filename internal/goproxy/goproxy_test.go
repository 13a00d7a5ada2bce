package goproxy_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/mod/module"

	"github.com/nnbook/nnbook/internal/goproxy"
)

// TestServedToGo has the go command download a module version written by
// Add, from an empty module cache, and checks the files it extracted.
func TestServedToGo(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip(err)
	}
	proxy := t.TempDir()
	m := module.Version{Path: "example.test/Tiny", Version: "v1.2.0"}
	files := map[string][]byte{
		"go.mod":   []byte("module example.test/Tiny\n\ngo 1.22\n"),
		"tiny.go":  []byte("package tiny\n\nconst Answer = 42\n"),
		"LICENSE":  []byte("public domain\n"),
		"sub/x.go": []byte("package sub\n"),
	}
	if err := goproxy.Add(proxy, m, files); err != nil {
		t.Fatal(err)
	}
	if err := goproxy.Add(proxy, module.Version{Path: m.Path, Version: "v1.3.0"}, files); err != nil {
		t.Fatal(err)
	}
	list, err := os.ReadFile(filepath.Join(proxy, "example.test", "!tiny", "@v", "list"))
	if err != nil || string(list) != "v1.2.0\nv1.3.0\n" {
		t.Errorf("@v/list = %q, %v; want both versions, one a line", list, err)
	}
	cmd := exec.Command(goCmd, "mod", "download", "-json", m.Path+"@v1.2.0")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "GOPROXY="+goproxy.URL(proxy), "GOMODCACHE="+t.TempDir(),
		"GOSUMDB=off", "GOFLAGS=-modcacherw", "GOWORK=off")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go mod download: %v\n%s%s", err, out, stderr(err))
	}
	var d struct{ Dir, Version, Sum, Error string }
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatal(err)
	}
	if d.Error != "" || d.Version != "v1.2.0" || d.Sum == "" {
		t.Fatalf("go mod download = %+v, want v1.2.0 with a hash", d)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(d.Dir, filepath.FromSlash(name)))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s in the module cache = %q, %v; want %q", name, got, err, want)
		}
	}
}

func stderr(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
