//go:build unix

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// notebook is the part of an nbformat 4 notebook the tests read.
type notebook struct {
	Cells []struct {
		ID             string   `json:"id"`
		CellType       string   `json:"cell_type"`
		ExecutionCount *int     `json:"execution_count"`
		Outputs        []output `json:"outputs"`
	} `json:"cells"`
}

// output is one cell output; nbformat stores multi-line text either as one
// string or as a list of lines.
type output struct {
	OutputType string         `json:"output_type"`
	Name       string         `json:"name"`
	Text       multiline      `json:"text"`
	Ename      string         `json:"ename"`
	Evalue     string         `json:"evalue"`
	Traceback  []string       `json:"traceback"`
	Data       map[string]any `json:"data"`
}

type multiline string

func (m *multiline) UnmarshalJSON(b []byte) error {
	var lines []string
	if err := json.Unmarshal(b, &lines); err == nil {
		*m = multiline(strings.Join(lines, ""))
		return nil
	}
	var s string
	err := json.Unmarshal(b, &s)
	*m = multiline(s)
	return err
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]`)

// TestNotebookSmoke executes notebooks/smoke.ipynb with nbclient, the real
// Jupyter client, on the installed kernel and checks every cell's outputs.
func TestNotebookSmoke(t *testing.T) {
	requireJupyter(t, "jupyter_client", "nbclient", "nbformat")
	env := installKernel(t)
	ctx := testContext(t, 5*time.Minute)
	dir := t.TempDir()
	in := filepath.Join(repoRoot(t), "notebooks", "smoke.ipynb")
	executed := filepath.Join(dir, "smoke.ipynb")
	pidfile := filepath.Join(dir, "kernel.pid")
	logfile := filepath.Join(dir, "kernel.log")
	script, err := filepath.Abs(filepath.Join("testdata", "run_notebook.py"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := runPython(ctx, t, env, dir, pidfile, script, "--kernel", "nnbook", "--pidfile", pidfile, "--log", logfile, "--timeout", "120", in, executed)
	if err != nil {
		t.Errorf("run_notebook.py: %v\n%s\nkernel log:\n%s", err, out, tail(logfile, 4000))
	}
	data, err := os.ReadFile(executed)
	if err != nil {
		t.Fatal(err)
	}
	var nb notebook
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatalf("executed notebook: %v", err)
	}

	want := map[string]struct {
		stdout string
		errors []*regexp.Regexp // the error output's text must match all
	}{
		"hello":       {stdout: "hello, nnbook\n"},
		"declare":     {},
		"use":         {stdout: "hello, GOPHER\n"},
		"nnkit":       {stdout: "train 10\n"}, // nnkit from the source tree the kernelspec names
		"error":       {errors: []*regexp.Regexp{regexp.MustCompile(`mismatched types int and untyped string`), regexp.MustCompile(`:2:\d+`)}},
		"after-error": {stdout: "hello, AGAIN\n"},
	}
	count := 0
	for _, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		count++
		w, ok := want[c.ID]
		if !ok {
			t.Errorf("cell %q: no expectation; add one to this test", c.ID)
			continue
		}
		delete(want, c.ID)
		if c.ExecutionCount == nil || *c.ExecutionCount != count {
			t.Errorf("cell %q: execution_count = %v, want %d", c.ID, c.ExecutionCount, count)
		}
		if w.errors != nil {
			if len(c.Outputs) != 1 || c.Outputs[0].OutputType != "error" {
				t.Errorf("cell %q: outputs %+v, want exactly one error", c.ID, c.Outputs)
				continue
			}
			o := c.Outputs[0]
			text := ansi.ReplaceAllString(o.Evalue+"\n"+strings.Join(o.Traceback, "\n"), "")
			for _, re := range w.errors {
				if !re.MatchString(text) {
					t.Errorf("cell %q: error %s does not match %q:\n%s", c.ID, o.Ename, re, text)
				}
			}
			continue
		}
		var stdout strings.Builder
		for _, o := range c.Outputs {
			if o.OutputType == "stream" && o.Name == "stdout" {
				stdout.WriteString(string(o.Text))
			} else {
				t.Errorf("cell %q: unexpected output %+v", c.ID, o)
			}
		}
		if stdout.String() != w.stdout {
			t.Errorf("cell %q: stdout %q, want %q", c.ID, stdout.String(), w.stdout)
		}
	}
	for id := range want {
		t.Errorf("cell %q is not in the notebook", id)
	}
}
