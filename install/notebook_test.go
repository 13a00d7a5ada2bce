package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestCheckNotebook(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  string // "" for an error
	}{
		{"smoke only", []string{"smoke.ipynb", "02_losses.ipynb"}, "smoke.ipynb"},
		{"tour wins", []string{"smoke.ipynb", "00_tour.ipynb"}, "00_tour.ipynb"},
		{"first tour by name", []string{"00_tour.ipynb", "00_a.ipynb", "smoke.ipynb"}, "00_a.ipynb"},
		{"tour without smoke", []string{"00_tour.ipynb"}, "00_tour.ipynb"},
		{"neither", []string{"01_perceptron.ipynb"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			source := t.TempDir()
			nbs := filepath.Join(source, "notebooks")
			if err := os.Mkdir(nbs, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, f := range tt.files {
				if err := os.WriteFile(filepath.Join(nbs, f), []byte("{}"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := checkNotebook(source)
			if tt.want == "" {
				if err == nil || !strings.Contains(err.Error(), "--no-run") {
					t.Errorf("checkNotebook = %q, %v; want an error that mentions --no-run", got, err)
				}
				return
			}
			if err != nil || got != filepath.Join(nbs, tt.want) {
				t.Errorf("checkNotebook = %q, %v; want %s", got, err, filepath.Join(nbs, tt.want))
			}
		})
	}
}

func TestExecutedDir(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG_CACHE_HOME is the cache directory on linux only")
	}
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	if got, want := executedDir(), filepath.Join(cache, "nnbook"); got != want {
		t.Errorf("executedDir = %q, want %q", got, want)
	}
}

// fakeKernel writes a kernel binary that records its arguments and
// environment in a file, prints script's output and exits with code.
func fakeKernel(t *testing.T, stderr string, code int) (bin, record string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake kernel is a shell script")
	}
	dir := t.TempDir()
	bin, record = filepath.Join(dir, "nnbook"), filepath.Join(dir, "record")
	script := "#!/bin/sh\n" +
		"echo \"$NNBOOK_SOURCE|$NNBOOK_GO|$(pwd)|$*\" > " + record + "\n" +
		"printf '%s' '" + stderr + "' >&2\n" +
		"exit " + string(rune('0'+code)) + "\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin, record
}

func TestRunNotebookPlumbing(t *testing.T) {
	// The installed binary must work without the user's $NNBOOK_SOURCE.
	t.Setenv("NNBOOK_SOURCE", "/elsewhere")
	source := t.TempDir()
	out := filepath.Join(t.TempDir(), "cache", "nnbook", "smoke.ipynb")
	bin, record := fakeKernel(t, "smoke.ipynb: cell 1, In [1]: 0.10s ok\n", 0)
	var w bytes.Buffer
	if err := runNotebook(context.Background(), bin, source, "/g/go", "/nb/smoke.ipynb", out, &w); err != nil {
		t.Fatalf("runNotebook: %v", err)
	}
	got, err := os.ReadFile(record)
	if err != nil {
		t.Fatal(err)
	}
	want := "|/g/go|" + source + "|run /nb/smoke.ipynb -o " + out + " -timeout " + cellTimeout + "\n"
	if string(got) != want {
		t.Errorf("the kernel ran as\n%q, want\n%q (NNBOOK_SOURCE|NNBOOK_GO|dir|args)", got, want)
	}
	if _, err := os.Stat(filepath.Dir(out)); err != nil {
		t.Errorf("the executed notebook's directory was not created: %v", err)
	}
	if w.String() != "smoke.ipynb: cell 1, In [1]: 0.10s ok\n" {
		t.Errorf("the cell times were not passed on: got %q", w.String())
	}
}

func TestRunNotebookFails(t *testing.T) {
	report := "smoke.ipynb: cell 1, In [1]: 0.10s ok\n" +
		"smoke.ipynb: cell 2, In [2]: 0.20s CompileError: undefined: x\n" +
		"smoke.ipynb: wrote /c/smoke.ipynb (0.3s)\n" +
		"nnbook run: notebook: cell 2 (In [2]) failed: CompileError: undefined: x\n"
	bin, _ := fakeKernel(t, report, 1)
	var w bytes.Buffer
	err := runNotebook(context.Background(), bin, t.TempDir(), "/g/go", "/nb/smoke.ipynb", filepath.Join(t.TempDir(), "smoke.ipynb"), &w)
	if err == nil {
		t.Fatal("runNotebook with a failing cell: got no error")
	}
	msg := err.Error()
	for _, want := range []string{"install:", "/nb/smoke.ipynb", "cell 2 (In [2]) failed: CompileError: undefined: x"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not contain %q", msg, want)
		}
	}
	if strings.Contains(msg, "cell 1, In [1]") {
		t.Errorf("error %q repeats the cell times; it should carry only the failure", msg)
	}
	if w.String() != report {
		t.Errorf("the report was not passed on: got %q", w.String())
	}
}

func TestRunErrors(t *testing.T) {
	if got := runErrors("a\nb\n"); got != "a\nb" {
		t.Errorf("runErrors without error lines = %q, want the whole report", got)
	}
	if got := runErrors("x: cell 1\nnnbook run: boom\nnnbook: bad flag\n"); got != "nnbook run: boom\nnnbook: bad flag" {
		t.Errorf("runErrors = %q, want the two error lines", got)
	}
}
