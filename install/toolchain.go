package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// module is the import path of the project's main module.
const module = "github.com/nnbook/nnbook"

// findGo returns the absolute path of the go command: flagValue when set,
// else the go found on PATH by lookPath.
func findGo(flagValue string, lookPath func(string) (string, error)) (string, error) {
	if flagValue != "" {
		abs, err := filepath.Abs(flagValue)
		if err != nil {
			return "", fmt.Errorf("install: --go %s: %w", flagValue, err)
		}
		if fi, err := os.Stat(abs); err != nil || fi.IsDir() {
			return "", fmt.Errorf("install: --go %s: not an executable file", flagValue)
		}
		return abs, nil
	}
	p, err := lookPath("go")
	if err != nil {
		return "", errors.New("install: the go command is not on PATH; install Go 1.26 or later and add its bin directory to PATH, or pass --go /path/to/go")
	}
	return filepath.Abs(p)
}

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
		if modulePath(filepath.Join(dir, "go.mod")) == module {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("install: %s is not inside the nnbook source tree (no go.mod for %s above it); run `go run ./install` from the project's root", start, module)
		}
		dir = parent
	}
}

// modulePath returns the module path declared in the go.mod file at path, or
// "" when there is none.
func modulePath(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module")
		if !ok || rest == "" || !strings.ContainsRune(" \t\"", rune(rest[0])) {
			continue
		}
		rest, _, _ = strings.Cut(rest, "//")
		return strings.Trim(strings.TrimSpace(rest), `"`)
	}
	return ""
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

// binaryName returns the file name of the kernel binary for goos.
func binaryName(goos string) string {
	if goos == "windows" {
		return KernelName + ".exe"
	}
	return KernelName
}

// buildBinary builds ./kernel/cmd/nnbook of the source tree into out. It
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
	cmd := exec.CommandContext(ctx, goCmd, "build", "-o", tmp, "./kernel/cmd/nnbook")
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
