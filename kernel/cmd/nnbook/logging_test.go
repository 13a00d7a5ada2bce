package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKernelLogger checks where the kernel's diagnostics go: info to the
// log file beside the connection file only, warnings to stderr too, and
// everything to stderr at -log-level debug.
func TestKernelLogger(t *testing.T) {
	t.Setenv(EnvLogFile, "")
	dir := t.TempDir()
	conn := filepath.Join(dir, "kernel-1234.json")
	var stderr bytes.Buffer
	logger, closeLog, err := kernelLogger(conn, defaultStderrLevel, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	logger.Debug("a debug line")
	logger.Info("cell done")
	logger.Warn("worker restarted")
	if err := closeLog(); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(filepath.Join(dir, "nnbook-kernel-1234.log"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		where, text string
		has         []string
		hasNot      []string
	}{
		{"log file", string(file), []string{"cell done", "worker restarted"}, []string{"a debug line"}},
		{"stderr", stderr.String(), []string{"worker restarted"}, []string{"cell done", "a debug line"}},
	} {
		for _, s := range c.has {
			if !strings.Contains(c.text, s) {
				t.Errorf("%s lacks %q:\n%s", c.where, s, c.text)
			}
		}
		for _, s := range c.hasNot {
			if strings.Contains(c.text, s) {
				t.Errorf("%s has %q:\n%s", c.where, s, c.text)
			}
		}
	}

	stderr.Reset()
	logger, closeLog, err = kernelLogger(conn, "debug", &stderr)
	if err != nil {
		t.Fatal(err)
	}
	logger.Debug("a debug line")
	closeLog()
	if !strings.Contains(stderr.String(), "a debug line") {
		t.Errorf("-log-level debug: stderr %q lacks the debug line", stderr.String())
	}

	if _, _, err := kernelLogger(conn, "loud", &stderr); err == nil || !strings.Contains(err.Error(), "want debug, info, warn or error") {
		t.Errorf("bad level: got %v", err)
	}
}

// TestKernelLoggerNoFile checks that a log file that cannot be created
// leaves the kernel logging to stderr, with a warning that says why.
func TestKernelLoggerNoFile(t *testing.T) {
	t.Setenv(EnvLogFile, filepath.Join(t.TempDir(), "missing", "dir", "k.log"))
	var stderr bytes.Buffer
	logger, closeLog, err := kernelLogger("kernel-1.json", defaultStderrLevel, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	defer closeLog()
	logger.Error("boom")
	if s := stderr.String(); !strings.Contains(s, "no log file") || !strings.Contains(s, "boom") {
		t.Errorf("stderr %q: want the no-log-file warning and the error", s)
	}
}
