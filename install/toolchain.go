package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/nnbook/nnbook/kernel/modules"
)

// goVersion runs `go env GOVERSION`, which also proves that goCmd works.
func goVersion(ctx context.Context, goCmd string) (string, error) {
	out, err := exec.CommandContext(ctx, goCmd, "env", "GOVERSION").Output()
	if err != nil {
		return "", fmt.Errorf("install: %s env GOVERSION: %w%s", goCmd, err, stderrOf(err))
	}
	return strings.TrimSpace(string(out)), nil
}

// sourceDir returns the root of the project's source tree: the first
// directory at or above start whose go.mod declares the project's module.
func sourceDir(start string) (string, error) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	for {
		if _, err := modules.SourceTree(dir); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("install: %s is not inside the nnbook source tree (no go.mod for %s above it); run `go run ./install` from the project's root", start, modules.Module)
		}
		dir = parent
	}
}

// downloadModules runs `go mod download` in the source tree, so that every
// module of go.mod, among them those cells import (gonum, gonum/plot,
// gonbui), is in the module cache: the kernel builds cells offline.
func downloadModules(ctx context.Context, goCmd, source string) error {
	cmd := exec.CommandContext(ctx, goCmd, "mod", "download")
	cmd.Dir = source
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("install: go mod download: %w\n%s(cells need these modules in the module cache; check the network and GOPROXY)", err, msg)
	}
	return nil
}

// buildBinary builds ./kernel/cmd/nnbook of the source tree into out,
// recording the source tree in the binary (see [modules.LinkFlag]) so the
// kernel finds nnkit there without environment variables. It
// builds into a temporary file next to out and renames it, so a kernel that
// is running from out keeps running and a failed build leaves out alone.
func buildBinary(ctx context.Context, goCmd, source, out string) error {
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp*")
	if err != nil {
		return fmt.Errorf("install: build %s: %w", out, err)
	}
	tmp := f.Name()
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("install: build %s: %w", out, err)
	}
	cmd := exec.CommandContext(ctx, goCmd, "build", "-ldflags="+modules.LinkFlag(source), "-o", tmp, "./kernel/cmd/nnbook")
	cmd.Dir = source
	if msg, err := cmd.CombinedOutput(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("install: go build ./kernel/cmd/nnbook: %w\n%s", err, msg)
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("install: build %s: %w", out, err)
	}
	return nil
}

// binaryVersion runs `bin version` and returns its first line: the check that
// the installed binary starts.
func binaryVersion(ctx context.Context, bin string) (string, error) {
	out, err := exec.CommandContext(ctx, bin, "version").Output()
	if err != nil {
		return "", fmt.Errorf("install: %s version: %w%s", bin, err, stderrOf(err))
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line, nil
}

// stderrOf returns the standard error of a failed command, prefixed with a
// newline, or "".
func stderrOf(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(ee.Stderr) > 0 {
		return "\n" + strings.TrimSpace(string(ee.Stderr))
	}
	return ""
}
