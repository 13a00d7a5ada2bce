package kernelspec

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindGoMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := FindGo("", exec.LookPath)
	if err == nil {
		t.Fatal("FindGo with no go on PATH: got no error")
	}
	for _, want := range []string{"kernelspec:", "PATH", "-go"} {
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
	got, err := FindGo(goCmd, lookPath)
	if err != nil || got != goCmd {
		t.Errorf("FindGo(%q) = %q, %v; want the flag's path", goCmd, got, err)
	}
	if _, err := FindGo(filepath.Join(dir, "missing"), lookPath); err == nil {
		t.Error("FindGo with a missing -go file: got no error")
	}
	if _, err := FindGo(dir, lookPath); err == nil {
		t.Error("FindGo with a directory as -go: got no error")
	}
}

func TestFindGoOnPath(t *testing.T) {
	got, err := FindGo("", func(string) (string, error) { return "/usr/local/go/bin/go", nil })
	if err != nil || got != "/usr/local/go/bin/go" {
		t.Errorf("FindGo = %q, %v; want /usr/local/go/bin/go", got, err)
	}
}
