package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFindGoMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := findGo("", exec.LookPath)
	if err == nil {
		t.Fatal("findGo with no go on PATH: got no error")
	}
	for _, want := range []string{"install:", "PATH", "--go"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestFindGoFlag(t *testing.T) {
	dir := t.TempDir()
	goCmd := filepath.Join(dir, "go")
	if err := os.WriteFile(goCmd, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	lookPath := func(string) (string, error) { return "", errors.New("not consulted") }
	got, err := findGo(goCmd, lookPath)
	if err != nil || got != goCmd {
		t.Errorf("findGo(%q) = %q, %v; want the flag's path", goCmd, got, err)
	}
	if _, err := findGo(filepath.Join(dir, "missing"), lookPath); err == nil {
		t.Error("findGo with a missing --go file: got no error")
	}
	if _, err := findGo(dir, lookPath); err == nil {
		t.Error("findGo with a directory as --go: got no error")
	}
}

func TestFindGoOnPath(t *testing.T) {
	got, err := findGo("", func(string) (string, error) { return "/usr/local/go/bin/go", nil })
	if err != nil || got != "/usr/local/go/bin/go" {
		t.Errorf("findGo = %q, %v; want /usr/local/go/bin/go", got, err)
	}
}

func TestGoVersion(t *testing.T) {
	goCmd, err := findGo("", exec.LookPath)
	if err != nil {
		t.Skip(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	v, err := goVersion(ctx, goCmd)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(v, "go1.") {
		t.Errorf("goVersion = %q, want go1.x", v)
	}
}

func TestSourceDir(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "kernel", "cell")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("// the project\nmodule github.com/nnbook/nnbook\n\ngo 1.26.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A nested module of another name is skipped over.
	other := filepath.Join(root, "kernel")
	if err := os.WriteFile(filepath.Join(other, "go.mod"), []byte("module example.com/other\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, start := range []string{root, sub} {
		got, err := sourceDir(start)
		if err != nil || got != root {
			t.Errorf("sourceDir(%q) = %q, %v; want %q", start, got, err, root)
		}
	}
	outside := t.TempDir()
	if _, err := sourceDir(outside); err == nil || !strings.Contains(err.Error(), "go run ./install") {
		t.Errorf("sourceDir outside the tree: error %v, want one that says where to run the installer", err)
	}
}

func TestModulePath(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ content, want string }{
		{"module github.com/nnbook/nnbook\n", "github.com/nnbook/nnbook"},
		{"// comment\n\nmodule \"github.com/nnbook/nnbook\" // quoted\n", "github.com/nnbook/nnbook"},
		{"go 1.26\n", ""},
	}
	for i, tt := range tests {
		p := filepath.Join(dir, "go.mod")
		if err := os.WriteFile(p, []byte(tt.content), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := modulePath(p); got != tt.want {
			t.Errorf("%d: modulePath(%q) = %q, want %q", i, tt.content, got, tt.want)
		}
	}
	if got := modulePath(filepath.Join(dir, "none")); got != "" {
		t.Errorf("modulePath of a missing file = %q, want \"\"", got)
	}
}
