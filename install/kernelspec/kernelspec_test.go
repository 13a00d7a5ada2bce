package kernelspec

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/internal/golden"
)

func TestKernelSpecGolden(t *testing.T) {
	s := New("/opt/jupyter/kernels/nnbook/nnbook", "/usr/local/go/bin/go")
	got, err := s.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "kernel.json.golden"), got)
}

// TestKernelSpecFields checks kernel.json against the fields Jupyter reads,
// decoded generically rather than through Spec.
func TestKernelSpecFields(t *testing.T) {
	data, err := New("/b/nnbook", "/g/go").Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("kernel.json is not JSON: %v", err)
	}
	argv, _ := m["argv"].([]any)
	if len(argv) != 4 || argv[0] != "/b/nnbook" || argv[1] != "kernel" || argv[2] != "-f" || argv[3] != "{connection_file}" {
		t.Errorf("argv = %v, want [/b/nnbook kernel -f {connection_file}]", argv)
	}
	for key, want := range map[string]string{"display_name": "Go (nnbook)", "language": "go", "interrupt_mode": "message"} {
		if m[key] != want {
			t.Errorf("%s = %v, want %q", key, m[key], want)
		}
	}
	env, _ := m["env"].(map[string]any)
	if len(env) != 1 || env["NNBOOK_GO"] != "/g/go" {
		t.Errorf("env = %v, want only NNBOOK_GO=/g/go (the binary knows where nnkit is)", env)
	}
}

// specFiles returns the names and contents of the files in dir.
func specFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = data
	}
	return files
}

func TestWriteKernelSpecIdempotent(t *testing.T) {
	dir := t.TempDir()
	s := New("/b/nnbook", "/g/go")
	if err := Write(dir, s); err != nil {
		t.Fatal(err)
	}
	first := specFiles(t, dir)
	names := slices.Sorted(maps.Keys(first))
	want := []string{"kernel.json", "logo-32x32.png", "logo-64x64.png"}
	if !slices.Equal(names, want) {
		t.Fatalf("files = %v, want %v (no temporary files left behind)", names, want)
	}
	if err := Write(dir, s); err != nil {
		t.Fatalf("second write: %v", err)
	}
	second := specFiles(t, dir)
	if len(second) != len(first) {
		t.Errorf("second write left %d files, want %d", len(second), len(first))
	}
	for n, data := range first {
		if !bytes.Equal(second[n], data) {
			t.Errorf("%s changed on the second write", n)
		}
	}
}

func TestWriteKernelSpecReplacesOld(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "kernel.json"), []byte(`{"argv": ["old"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, New("/b/nnbook", "/g/go")); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "/b/nnbook") {
		t.Errorf("kernel.json was not replaced:\n%s", data)
	}
	fi, err := os.Stat(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("kernel.json mode = %v, want 0644", fi.Mode().Perm())
	}
}

func TestRemoveKernelSpec(t *testing.T) {
	data := t.TempDir()
	dir := filepath.Join(data, "kernels", "nnbook")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, New("/b/nnbook", "/g/go")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "nnbook"), []byte("binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	removed, err := Remove(dir)
	if err != nil || !removed {
		t.Fatalf("Remove = %v, %v; want true, nil", removed, err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s still exists after uninstall (stat: %v)", dir, err)
	}
	if _, err := os.Stat(filepath.Join(data, "kernels")); err != nil {
		t.Errorf("uninstall removed more than the kernelspec: %v", err)
	}
	removed, err = Remove(dir)
	if err != nil || removed {
		t.Errorf("second Remove = %v, %v; want false, nil", removed, err)
	}
}

// TestPrepareDirNotWritable uses a regular file where a directory is
// expected: unlike permission bits, that stops root too.
func TestPrepareDirNotWritable(t *testing.T) {
	base := t.TempDir()
	file := filepath.Join(base, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := Prepare(filepath.Join(file, "kernels", "nnbook"))
	if err == nil {
		t.Fatal("Prepare under a regular file: got no error")
	}
	for _, want := range []string{"kernelspec:", file, "JUPYTER_DATA_DIR", "-prefix"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestPrepareDirCreates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := Prepare(dir); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("Prepare left %d files behind", len(entries))
	}
}
