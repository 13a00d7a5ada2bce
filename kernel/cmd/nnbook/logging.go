package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// EnvLogFile names the kernel's log file; the default is next to the
// connection file, in Jupyter's runtime directory.
const EnvLogFile = "NNBOOK_LOG_FILE"

// Default log levels of the kernel: its diagnostics go to the log file
// from info up, and to stderr (the terminal that runs Jupyter) only from
// warnings up, unless -log-level or $NNBOOK_LOG_LEVEL asks for more.
const (
	defaultStderrLevel = "warn"
	fileLevel          = slog.LevelInfo
)

// logFilePath returns the log file of the kernel of connFile: $NNBOOK_LOG_FILE,
// or nnbook-NAME.log beside connFile (kernel-ID.json in Jupyter's runtime
// directory gives nnbook-kernel-ID.log).
func logFilePath(connFile string) string {
	if p := os.Getenv(EnvLogFile); p != "" {
		return p
	}
	name := strings.TrimSuffix(filepath.Base(connFile), filepath.Ext(connFile))
	return filepath.Join(filepath.Dir(connFile), "nnbook-"+name+".log")
}

// kernelLogger returns the kernel's logger: records at level and above go to
// stderr, records at fileLevel (or level, when lower) and above to the log
// file of connFile. When the file cannot be created the logger writes to
// stderr only and says so there. The returned function closes the file.
func kernelLogger(connFile, level string, stderr io.Writer) (*slog.Logger, func() error, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return nil, nil, fmt.Errorf("nnbook: log level %q: want debug, info, warn or error", level)
	}
	toStderr := slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lvl})
	path := logFilePath(connFile)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		logger := slog.New(toStderr)
		logger.Warn("no log file: the kernel logs to stderr only", "err", err)
		return logger, func() error { return nil }, nil
	}
	toFile := slog.NewTextHandler(f, &slog.HandlerOptions{Level: min(lvl, fileLevel)})
	logger := slog.New(slog.NewMultiHandler(toFile, toStderr))
	logger.Info("kernel log", "file", path, "stderr_level", lvl.String())
	return logger, f.Close, nil
}
