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
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	got, err := parseFlags([]string{"--prefix", "/opt/x", "--no-warm", "--go=/g/go"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := options{Prefix: "/opt/x", Go: "/g/go", NoWarm: true}
	if got != want {
		t.Errorf("parseFlags = %+v, want %+v", got, want)
	}
	if got, err := parseFlags([]string{"-uninstall"}, io.Discard); err != nil || !got.Uninstall {
		t.Errorf("parseFlags(-uninstall) = %+v, %v; want Uninstall", got, err)
	}
	if _, err := parseFlags([]string{"extra"}, io.Discard); err == nil {
		t.Error("parseFlags with a stray argument: got no error")
	}
	if _, err := parseFlags([]string{"-h"}, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("parseFlags(-h) error = %v, want flag.ErrHelp", err)
	}
}

// TestRun installs the real kernel into a temporary JUPYTER_DATA_DIR, twice,
// checks what Jupyter will read and that the binary starts, then uninstalls.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kernel binary; skipped with -short")
	}
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	opts := options{NoWarm: true}
	dir := filepath.Join(data, "kernels", "nnbook")

	var out bytes.Buffer
	if err := run(ctx, opts, &out); err != nil {
		t.Fatalf("install: %v\n%s", err, out.String())
	}
	first := specFiles(t, dir)
	if !strings.Contains(out.String(), "jupyter lab ") {
		t.Errorf("output does not say how to open Jupyter:\n%s", out.String())
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
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if spec.Env["NNBOOK_SOURCE"] != root {
		t.Errorf("NNBOOK_SOURCE = %q, want %q", spec.Env["NNBOOK_SOURCE"], root)
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
	if err := run(ctx, opts, &out); err != nil {
		t.Fatalf("second install: %v\n%s", err, out.String())
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
