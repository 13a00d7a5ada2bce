package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/install/kernelspec"
)

func TestGoVersion(t *testing.T) {
	goCmd, err := kernelspec.FindGo("", exec.LookPath)
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
