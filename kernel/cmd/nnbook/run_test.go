package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// runNotebookJSON has a text, a plot, an input and an error cell, and a
// cell after the error.
const runNotebookJSON = `{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": "# nnbook run"},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "fmt.Println(\"text\")"},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": [
   "import (\n", "\t\"bytes\"\n", "\n", "\t\"github.com/janpfeifer/gonb/gonbui\"\n", "\t\"gonum.org/v1/plot\"\n",
   "\t\"gonum.org/v1/plot/plotter\"\n", "\t\"gonum.org/v1/plot/vg\"\n", ")\n", "\n",
   "p := plot.New()\n", "l, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 0}})\n", "p.Add(l)\n",
   "w, _ := p.WriterTo(2*vg.Inch, 2*vg.Inch, \"png\")\n", "var buf bytes.Buffer\n", "w.WriteTo(&buf)\n",
   "gonbui.DisplayPng(buf.Bytes())\n", "gonbui.Sync()"]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "gonbui.RequestInput(\"name? \", false)\nvar s string\nfmt.Scanln(&s)\nfmt.Println(\"hi\", s)"},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "x := 1\nfmt.Println(x + \"a\")"},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "fmt.Println(\"after\")"}
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 4
}
`

// runLine matches the time line run prints for each cell.
var runLine = regexp.MustCompile(`(?m)^nb\.ipynb: cell (\d), In \[(\d)\]: \d+\.\d\ds (.*)$`)

func TestRunCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cell programs; skipped with -short")
	}
	t.Setenv(EnvSource, repoRoot(t))
	dir := t.TempDir()
	src := filepath.Join(dir, "nb.ipynb")
	if err := os.WriteFile(src, []byte(runNotebookJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	var outputs [2][]byte
	for i, outDir := range []string{filepath.Join(dir, "a"), filepath.Join(dir, "b", "new")} {
		var stderr bytes.Buffer
		// Relative paths: the cells run in the notebook's directory.
		t.Chdir(dir)
		code := runNotebooks([]string{"nb.ipynb", "-out-dir", outDir, "-timeout", "5m"}, strings.NewReader("Ada\n"), &stderr)
		if code != exitError {
			t.Fatalf("run exited %d, want %d (a cell fails)\n%s", code, exitError, stderr.String())
		}
		var lines []string
		for _, m := range runLine.FindAllStringSubmatch(stderr.String(), -1) {
			lines = append(lines, m[1]+" "+m[2]+" "+strings.SplitN(m[3], ":", 2)[0])
		}
		if got, want := strings.Join(lines, ", "), "1 1 ok, 2 2 ok, 3 3 ok, 4 4 CompileError"; got != want {
			t.Errorf("cell lines %q, want %q; stderr:\n%s", got, want, stderr.String())
		}
		if !strings.Contains(stderr.String(), "name? ") || !strings.Contains(stderr.String(), "nnbook run: notebook: cell 4 (In [4]) failed: CompileError") {
			t.Errorf("stderr lacks the prompt or the failure:\n%s", stderr.String())
		}
		out, err := os.ReadFile(filepath.Join(outDir, "nb.ipynb"))
		if err != nil {
			t.Fatal(err)
		}
		outputs[i] = out
	}
	if !bytes.Equal(outputs[0], outputs[1]) {
		t.Errorf("two runs wrote different notebooks:\n%s\n---\n%s", outputs[0], outputs[1])
	}
	checkRunNotebook(t, filepath.Join(dir, "a", "nb.ipynb"))

	// -allow-errors runs the last cell and exits 0; -in-place rewrites.
	var stderr bytes.Buffer
	if code := runNotebooks([]string{"-allow-errors", "-in-place", src}, strings.NewReader("Bob\n"), &stderr); code != exitOK {
		t.Fatalf("run -allow-errors exited %d, want 0\n%s", code, stderr.String())
	}
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"hi Bob\n"`, `"after\n"`, `"execution_count": 5`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("in-place notebook lacks %s:\n%s", want, data)
		}
	}
}

// checkRunNotebook validates the notebook at path with nbformat and checks
// its outputs.
func checkRunNotebook(t *testing.T, path string) {
	t.Helper()
	requireJupyter(t, "nbformat")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	check := "import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], 4))"
	if out, err := exec.CommandContext(ctx, python, "-c", check, path).CombinedOutput(); err != nil {
		t.Fatalf("nbformat.validate: %v\n%s", err, out)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb notebook
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 6 {
		t.Fatalf("%d cells, want 6", len(nb.Cells))
	}
	outs := func(i int) []output { return nb.Cells[i].Outputs }
	if o := outs(1); len(o) != 1 || o[0].Text != "text\n" {
		t.Errorf("text cell outputs %+v", o)
	}
	if o := outs(2); len(o) != 1 || o[0].OutputType != "display_data" || !strings.HasPrefix(o[0].Data["image/png"].(string), "iVBORw0KGgo") {
		t.Errorf("plot cell outputs %+v, want one PNG", o)
	}
	if o := outs(3); len(o) != 1 || o[0].Text != "hi Ada\n" {
		t.Errorf("input cell outputs %+v", o)
	}
	if o := outs(4); len(o) != 1 || o[0].OutputType != "error" || o[0].Ename != "CompileError" {
		t.Errorf("error cell outputs %+v", o)
	}
	if c := nb.Cells[5]; c.ExecutionCount != nil || len(c.Outputs) != 0 {
		t.Errorf("the cell after the error ran: %+v", c)
	}
}

func TestRunCommandUsage(t *testing.T) {
	tests := [][]string{
		{},
		{"a.ipynb", "b.ipynb", "-o", "c.ipynb"},
		{"a.ipynb", "-o", "c.ipynb", "-in-place"},
		{"-timeout", "soon", "a.ipynb"},
	}
	for _, args := range tests {
		var stderr bytes.Buffer
		if code := runNotebooks(args, strings.NewReader(""), &stderr); code != exitUsage {
			t.Errorf("run %q exited %d, want %d\n%s", args, code, exitUsage, stderr.String())
		}
	}
}
