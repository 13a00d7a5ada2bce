package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	got, err := parseFlags([]string{"--prefix", "/opt/x", "--no-warm", "--go=/g/go", "--no-run"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := options{Prefix: "/opt/x", Go: "/g/go", NoWarm: true, NoRun: true}
	if got != want {
		t.Errorf("parseFlags = %+v, want %+v", got, want)
	}
	if got, err := parseFlags([]string{"-uninstall"}, io.Discard); err != nil || !got.Uninstall {
		t.Errorf("parseFlags(-uninstall) = %+v, %v; want Uninstall", got, err)
	}
	if got, err := parseFlags(nil, io.Discard); err != nil || got != (options{}) {
		t.Errorf("parseFlags() = %+v, %v; want the zero options (warm and run)", got, err)
	}
	if got, err := parseFlags([]string{"--notebook", "nb/x.ipynb"}, io.Discard); err != nil || got.Notebook != "nb/x.ipynb" {
		t.Errorf("parseFlags(--notebook nb/x.ipynb) = %+v, %v; want Notebook nb/x.ipynb", got, err)
	}
	if _, err := parseFlags([]string{"--no-run", "--notebook", "x.ipynb"}, io.Discard); err == nil || !strings.Contains(err.Error(), "not both") {
		t.Errorf("parseFlags(--no-run --notebook x.ipynb) error = %v, want one that says not both", err)
	}
	if _, err := parseFlags([]string{"extra"}, io.Discard); err == nil {
		t.Error("parseFlags with a stray argument: got no error")
	}
	if _, err := parseFlags([]string{"-h"}, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("parseFlags(-h) error = %v, want flag.ErrHelp", err)
	}
}

// TestRun installs the real kernel into a temporary JUPYTER_DATA_DIR, twice,
// checks what Jupyter will read, that the binary starts and that the first
// install ran the smoke notebook with it (whose cells import nnkit: the
// binary finds the source tree without $NNBOOK_SOURCE), then uninstalls.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kernel binary and runs a notebook; skipped with -short")
	}
	data, cache := t.TempDir(), t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	t.Setenv("XDG_CACHE_HOME", cache)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	// The smoke notebook is small and stable, which keeps the test short.
	smoke := filepath.Join(root, "notebooks", "smoke.ipynb")
	opts := options{NoWarm: true, Notebook: smoke}
	dir := filepath.Join(data, "kernels", "nnbook")

	var out bytes.Buffer
	if err := run(ctx, opts, &out); err != nil {
		t.Fatalf("install: %v\n%s", err, out.String())
	}
	first := specFiles(t, dir)
	if !strings.Contains(out.String(), "jupyter lab ") {
		t.Errorf("output does not say how to open Jupyter:\n%s", out.String())
	}
	executed := filepath.Join(cache, "nnbook", "smoke.ipynb")
	if !strings.Contains(out.String(), "the executed notebook is "+executed) {
		t.Errorf("output does not say where the executed notebook is (%s):\n%s", executed, out.String())
	}
	firstCell := regexp.MustCompile(regexp.QuoteMeta(smoke) + `: cell \d+, In \[1\]: \d+\.\d\ds ok`)
	if !firstCell.MatchString(out.String()) {
		t.Errorf("output has no time for the first cell of %s:\n%s", smoke, out.String())
	}
	var nb struct {
		Cells []struct {
			CellType       string `json:"cell_type"`
			ExecutionCount *int   `json:"execution_count"`
			Outputs        []any  `json:"outputs"`
		}
	}
	raw, err := os.ReadFile(executed)
	if err != nil {
		t.Fatalf("the executed notebook: %v", err)
	}
	if err := json.Unmarshal(raw, &nb); err != nil {
		t.Fatalf("the executed notebook %s: %v", executed, err)
	}
	ran, outputs := 0, 0
	for _, c := range nb.Cells {
		if c.CellType == "code" && c.ExecutionCount != nil {
			ran++
			outputs += len(c.Outputs)
		}
	}
	if ran == 0 || outputs == 0 {
		t.Errorf("the executed notebook %s has %d executed cells with %d outputs, want some of each", executed, ran, outputs)
	}
	if !strings.Contains(string(raw), "hello, nnbook") {
		t.Errorf("the executed notebook %s lacks the first cell's output", executed)
	}

	var spec struct {
		Argv []string
		Env  map[string]string
	}
	if err := json.Unmarshal(first["kernel.json"], &spec); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "nnbook")
	if len(spec.Argv) == 0 || spec.Argv[0] != bin {
		t.Fatalf("argv = %v, want %s first", spec.Argv, bin)
	}
	if src, ok := spec.Env["NNBOOK_SOURCE"]; ok {
		t.Errorf("kernel.json sets NNBOOK_SOURCE=%q; the binary records its source tree itself", src)
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	goCmd, err = filepath.Abs(goCmd)
	if err != nil {
		t.Fatal(err)
	}
	if spec.Env["NNBOOK_GO"] != goCmd {
		t.Errorf("NNBOOK_GO = %q, want %q", spec.Env["NNBOOK_GO"], goCmd)
	}
	if v, err := exec.CommandContext(ctx, bin, "version").Output(); err != nil || len(v) == 0 {
		t.Errorf("%s version: %q, %v", bin, v, err)
	}

	out.Reset()
	if err := os.Remove(executed); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, options{NoWarm: true, NoRun: true}, &out); err != nil {
		t.Fatalf("second install: %v\n%s", err, out.String())
	}
	if _, err := os.Stat(executed); !os.IsNotExist(err) || strings.Contains(out.String(), "executed notebook") {
		t.Errorf("--no-run ran the notebook (stat %s: %v):\n%s", executed, err, out.String())
	}

	// A notebook whose cell fails makes the run fail with the cell's error.
	bad := filepath.Join(t.TempDir(), "bad.ipynb")
	if err := os.WriteFile(bad, []byte(badNotebook), 0o644); err != nil {
		t.Fatal(err)
	}
	err = runNotebook(ctx, bin, root, goCmd, bad, filepath.Join(cache, "bad.ipynb"), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "(In [1]) failed") || !strings.Contains(err.Error(), "mismatched types") {
		t.Errorf("running a notebook with a compile error: error %v, want the cell's compile error", err)
	}
	second := specFiles(t, dir)
	if len(second) != len(first) {
		t.Errorf("second install left %d files, the first %d", len(second), len(first))
	}
	for _, name := range []string{"kernel.json", "logo-32x32.png", "logo-64x64.png"} {
		if !bytes.Equal(first[name], second[name]) {
			t.Errorf("%s changed on the second install", name)
		}
	}

	out.Reset()
	if err := run(ctx, options{Uninstall: true}, &out); err != nil {
		t.Fatalf("uninstall: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s still there after --uninstall (stat: %v)", dir, err)
	}
}

func TestRunUnwritableDataDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("JUPYTER_DATA_DIR", file)
	err := run(context.Background(), options{NoWarm: true}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "JUPYTER_DATA_DIR") {
		t.Errorf("install into a data dir that is a file: error %v, want one naming JUPYTER_DATA_DIR", err)
	}
}

func TestRunNoGo(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", t.TempDir())
	t.Setenv("PATH", t.TempDir())
	err := run(context.Background(), options{NoWarm: true}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "go command") {
		t.Errorf("install without go: error %v, want one about the go command", err)
	}
}

// badNotebook's only cell does not compile.
const badNotebook = `{
 "cells": [
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "n := 3\nfmt.Println(n + \"apples\")"}
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 4
}
`

// specFiles returns the contents of the kernelspec's files in dir.
func specFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, name := range []string{"kernel.json", "logo-32x32.png", "logo-64x64.png"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	return files
}
