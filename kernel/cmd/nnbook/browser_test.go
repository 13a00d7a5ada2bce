//go:build unix

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// envBrowserTest opts in to TestBrowser.
const envBrowserTest = "NNBOOK_BROWSER_TEST"

// browserNotebook shows a gonum/plot PNG, updates an HTML progress line in
// place and asks for input, all through gonbui as a GoNB cell would.
const browserNotebook = `{
 "cells": [
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": [
   "import (\n", "\t\"bytes\"\n", "\n", "\t\"github.com/janpfeifer/gonb/gonbui\"\n", "\t\"gonum.org/v1/plot\"\n",
   "\t\"gonum.org/v1/plot/plotter\"\n", "\t\"gonum.org/v1/plot/vg\"\n", ")\n", "\n",
   "p := plot.New()\n", "l, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 0}})\n", "p.Add(l)\n",
   "w, _ := p.WriterTo(3*vg.Inch, 2*vg.Inch, \"png\")\n", "var buf bytes.Buffer\n", "w.WriteTo(&buf)\n",
   "gonbui.DisplayPng(buf.Bytes())\n", "gonbui.Sync()"]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": [
   "for i := 1; i <= 3; i++ {\n", "\tgonbui.UpdateHTML(\"progress\", fmt.Sprintf(\"step %d/3\", i))\n",
   "\ttime.Sleep(300 * time.Millisecond)\n", "}\n", "gonbui.DisplayHTML(\"<b>done</b>\")\n", "gonbui.Sync()"]},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": [
   "gonbui.RequestInput(\"name? \", false)\n", "var name string\n", "fmt.Scanln(&name)\n", "fmt.Println(\"hi\", name)"]}
 ],
 "metadata": {"kernelspec": {"display_name": "Go (nnbook)", "language": "go", "name": "nnbook"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
`

// TestBrowser runs browserNotebook in Jupyter Notebook's web UI in
// headless Chromium (testdata/browser.py) and checks what the page shows.
// It is opt-in: it needs a browser and takes a minute.
func TestBrowser(t *testing.T) {
	if os.Getenv(envBrowserTest) == "" {
		t.Skipf("opt-in: set %s=1 (needs Debian's chromium, chromium-driver, python3-selenium and jupyter-notebook)", envBrowserTest)
	}
	requireJupyter(t, "selenium", "notebook")
	env := installKernel(t)
	ctx := testContext(t, 5*time.Minute)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "browser.ipynb"), []byte(browserNotebook), 0o644); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join("testdata", "browser.py"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := runPython(ctx, t, env, dir, filepath.Join(dir, "no-kernel.pid"), script,
		"--dir", dir, "--notebook", "browser.ipynb", "--answer", "Ada")
	if err != nil {
		t.Fatalf("browser.py: %v\n%s", err, out)
	}
	var cells []struct {
		Prompt any    `json:"prompt"`
		Text   string `json:"text"`
		Images int    `json:"images"`
		Inputs int    `json:"inputs"`
	}
	start := strings.Index(string(out), "[")
	if start < 0 || json.Unmarshal(out[start:], &cells) != nil || len(cells) != 3 {
		t.Fatalf("browser.py printed no three cells:\n%s", out)
	}
	if c := cells[0]; c.Images != 1 {
		t.Errorf("plot cell shows %d PNG images, want 1: %q", c.Images, c.Text)
	}
	if c := cells[1]; !strings.Contains(c.Text, "step 3/3") || strings.Contains(c.Text, "step 1/3") || !strings.Contains(c.Text, "done") {
		t.Errorf("progress cell shows %q, want the line updated in place to step 3/3, then done", c.Text)
	}
	if c := cells[2]; !strings.Contains(c.Text, "hi Ada") || c.Inputs != 0 {
		t.Errorf("input cell shows %q with %d open input boxes, want hi Ada and none", c.Text, c.Inputs)
	}
}
