package notebook

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
)

func TestSplitLines(t *testing.T) {
	// Expected values are Python's str.splitlines(keepends=True).
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{}},
		{"a", []string{"a"}},
		{"a\n", []string{"a\n"}},
		{"a\nb", []string{"a\n", "b"}},
		{"a\r\nb\rc\n\n", []string{"a\r\n", "b\r", "c\n", "\n"}},
		{"\r", []string{"\r"}},
		{"x\vy\fz\x1cw", []string{"x\v", "y\f", "z\x1c", "w"}},
		{"é\u2028ü\u0085", []string{"é\u2028", "ü\u0085"}},
	}
	for i, tt := range tests {
		if got := splitLines(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%d: splitLines(%q) = %q, want %q", i, tt.in, got, tt.want)
		}
	}
}

func TestMarshalIDs(t *testing.T) {
	nb := &Notebook{Cells: []*Cell{
		{Type: "code", Source: "a"},
		{Type: "code", Source: "a"},
		{Type: "markdown", ID: "keep-me_1", Source: "m"},
		{Type: "markdown", ID: "keep-me_1", Source: "dup"},
		{Type: "raw", ID: "not valid!", Source: "r"},
	}}
	first, err := Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, c := range nb.Cells {
		if !validID(c.ID) || seen[c.ID] {
			t.Errorf("cell %d: id %q is invalid or repeated", i, c.ID)
		}
		seen[c.ID] = true
	}
	if nb.Cells[2].ID != "keep-me_1" {
		t.Errorf("cell 2: id %q, want the existing keep-me_1", nb.Cells[2].ID)
	}
	// The same notebook without ids gets the same ids again.
	again := &Notebook{Cells: []*Cell{
		{Type: "code", Source: "a"},
		{Type: "code", Source: "a"},
		{Type: "markdown", ID: "keep-me_1", Source: "m"},
		{Type: "markdown", ID: "keep-me_1", Source: "dup"},
		{Type: "raw", ID: "not valid!", Source: "r"},
	}}
	second, err := Marshal(again)
	if err != nil {
		t.Fatal(err)
	}
	if string(first) != string(second) {
		t.Errorf("generated ids differ between two marshals:\n%s\n%s", first, second)
	}
}

// TestJupyterFormat checks that Marshal writes what Jupyter writes: the
// notebook read, validated and written back by Debian's python3-nbformat
// (testdata/jupyter.py) has the same bytes.
func TestJupyterFormat(t *testing.T) {
	nb, err := ReadFile(filepath.Join("testdata", "mixed.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "out.ipynb")
	if err := WriteFile(path, nb); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := jupyterWrite(t, path)
	if string(got) != want {
		t.Errorf("Marshal differs from nbformat's output:\n--- Marshal\n%s\n--- nbformat\n%s", got, want)
	}
	// Reading what was written and writing it again changes nothing.
	nb2, err := Unmarshal(got)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Marshal(nb2)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(got) {
		t.Errorf("Marshal(Unmarshal(x)) != x:\n%s\n---\n%s", again, got)
	}
}

// jupyterWrite returns the notebook at path as nbformat validates and
// writes it. Without python3-nbformat the test is skipped, except under
// CI, where it fails.
func jupyterWrite(t *testing.T, path string) string {
	t.Helper()
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import nbformat").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3-nbformat is required under CI: %s -c 'import nbformat': %v", python, err)
		}
		t.Skipf("python3-nbformat is not installed (apt-get install python3-nbformat): %v", err)
	}
	out, err := exec.Command(python, filepath.Join("testdata", "jupyter.py"), path).Output()
	if err != nil {
		msg := err.Error()
		if ee, ok := err.(*exec.ExitError); ok {
			msg += ": " + string(ee.Stderr)
		}
		t.Fatalf("nbformat rejected %s: %s", path, msg)
	}
	return string(out)
}

func TestUnmarshalErrors(t *testing.T) {
	tests := []string{
		`not json`,
		`{"nbformat": 3, "nbformat_minor": 0, "cells": [], "metadata": {}}`,
		`{"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "heading", "source": ""}], "metadata": {}}`,
		`{"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "code", "source": "", "outputs": [1]}], "metadata": {}}`,
	}
	for i, in := range tests {
		if _, err := Unmarshal([]byte(in)); err == nil {
			t.Errorf("%d: Unmarshal(%s) succeeded, want an error", i, in)
		}
	}
}

func TestPythonFloat(t *testing.T) {
	// Expected values are Python's repr(float(x)).
	tests := []struct {
		in   float64
		want string
	}{
		{1.5, "1.5"},
		{100, "100.0"},
		{0, "0.0"},
		{1e-05, "1e-05"},
		{0.0001, "0.0001"},
		{2.5e-07, "2.5e-07"},
		{1e16, "1e+16"},
		{123456789012345.6, "123456789012345.6"},
		{0.30000000000000004, "0.30000000000000004"},
	}
	for _, tt := range tests {
		if got := pythonFloat(tt.in); got != tt.want {
			t.Errorf("pythonFloat(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
