package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/nnbook/nnbook/install/kernelspec"
	"github.com/nnbook/nnbook/kernel/modules"
)

// smokeNotebook is the notebook the installer runs until there is a tour.
const smokeNotebook = "smoke.ipynb"

// cellTimeout is the longest a cell of the check notebook may run.
const cellTimeout = "5m"

// checkNotebook returns the notebook in source/notebooks that the installer
// runs as its last check: the tour (the first 00*.ipynb in name order) or,
// until there is one, smoke.ipynb.
func checkNotebook(source string) (string, error) {
	dir := filepath.Join(source, "notebooks")
	tours, err := filepath.Glob(filepath.Join(dir, "00*.ipynb"))
	if err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	if len(tours) > 0 {
		return tours[0], nil // Glob sorts
	}
	smoke := filepath.Join(dir, smokeNotebook)
	if _, err := os.Stat(smoke); err != nil {
		return "", fmt.Errorf("install: no notebook to check the kernel with (%s/00*.ipynb or %s): %w; pass --no-run to skip the check", dir, smokeNotebook, err)
	}
	return smoke, nil
}

// executedDir returns the directory the executed copy of the check notebook
// goes into: nnbook in the user's cache directory ($XDG_CACHE_HOME or
// ~/.cache on Linux, ~/Library/Caches on macOS), or in the temporary
// directory when there is no cache directory. It is outside the source
// tree, so the check leaves the notebooks as they are.
func executedDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "nnbook")
}

// runNotebook executes the notebook nb with the installed kernel's `run`
// command into out, in the environment kernel.json gives the kernel (the go
// command), and copies the command's report (a line per cell with its
// time) to w. The binary finds nnkit in the source tree it recorded, so a
// $NNBOOK_SOURCE of the user's is removed: the check proves that the
// installed binary works alone. When a cell fails, the error carries the
// notebook's error.
func runNotebook(ctx context.Context, bin, source, goCmd, nb, out string, w io.Writer) error {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("install: run %s: %w", nb, err)
	}
	cmd := exec.CommandContext(ctx, bin, "run", nb, "-o", out, "-timeout", cellTimeout)
	cmd.Dir = source
	cmd.Env = append(withoutEnv(os.Environ(), modules.EnvSource), kernelspec.EnvGo+"="+goCmd)
	var report bytes.Buffer
	// One writer for both, so that exec copies them in one goroutine.
	both := io.MultiWriter(w, &report)
	cmd.Stdout, cmd.Stderr = both, both
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("install: running %s with the installed kernel failed (%v; the executed copy, if written, is %s; --no-run skips this check):\n%s", nb, err, out, runErrors(report.String()))
	}
	return nil
}

// runErrors returns the error lines of nnbook run's report, or the whole
// report when it has none.
func runErrors(report string) string {
	var errs []string
	for _, line := range strings.Split(strings.TrimSpace(report), "\n") {
		if strings.HasPrefix(line, "nnbook run: ") || strings.HasPrefix(line, "nnbook: ") {
			errs = append(errs, line)
		}
	}
	if errs == nil {
		return strings.TrimSpace(report)
	}
	return strings.Join(errs, "\n")
}

// withoutEnv returns env without the variable key.
func withoutEnv(env []string, key string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return out
}
