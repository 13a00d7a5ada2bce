// Command nnbook is the nnbook Jupyter kernel for Go.
//
// Usage:
//
//	nnbook kernel -f CONNECTION_FILE [-log-level LEVEL]
//	nnbook run NB.ipynb... [-o OUT.ipynb | -out-dir DIR | -in-place] [-timeout D] [-allow-errors]
//	nnbook install [-prefix DIR] [-go PATH] [-no-warm]
//	nnbook uninstall [-prefix DIR]
//	nnbook version
//	nnbook help
//
// Jupyter starts "nnbook kernel -f {connection_file}" as written in the
// kernelspec, which "nnbook install" (or "go run ./install" in a clone)
// writes. Cells import nnkit from $NNBOOK_SOURCE when it is set, else from
// the source tree recorded by "go run ./install", else from the module
// version the binary was built with (see package modules); the go command
// is $NNBOOK_GO (default: go from PATH). $NNBOOK_EXECUTOR chooses how cells run: "live" (the default)
// keeps variables between cells, loading each cell as a Go plugin into one
// long-lived worker; "program" runs each cell as a fresh program and keeps
// only declarations, as GoNB does, and is used, with a notice, where plugins
// cannot work (no cgo). It logs to nnbook-kernel-ID.log beside the
// connection file, in Jupyter's runtime directory ($NNBOOK_LOG_FILE
// overrides), from info up, and to stderr from the level of -log-level or
// $NNBOOK_LOG_LEVEL (debug, info, warn, error; default warn) up.
//
// "nnbook run" executes notebooks without Jupyter, each in a fresh session,
// and writes them with their outputs (see "nnbook run -h"); it exits with
// status 1 when a cell failed.
//
// SIGINT interrupts the running cell, as Ctrl-C does in a terminal; SIGTERM
// and SIGHUP stop the kernel.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"

	"github.com/nnbook/nnbook/kernel"
	"github.com/nnbook/nnbook/kernel/executor"
)

// Environment variables the kernel reads; the installer writes the first two
// into the kernelspec.
const (
	EnvSource   = "NNBOOK_SOURCE"
	EnvGo       = "NNBOOK_GO"
	EnvLogLevel = "NNBOOK_LOG_LEVEL"
	EnvExecutor = "NNBOOK_EXECUTOR"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "kernel":
		return runKernel(args[1:], stderr)
	case "run":
		return runNotebooks(args[1:], os.Stdin, stderr)
	case "install", "uninstall":
		return runInstall(args[1:], args[0] == "uninstall", stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "nnbook %s %s %s/%s\n", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return exitOK
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	default:
		fmt.Fprintf(stderr, "nnbook: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `nnbook is a Jupyter kernel for Go.

Usage:

	nnbook kernel -f CONNECTION_FILE [-log-level LEVEL]
	                    serve the Jupyter messaging protocol on the sockets
	                    of CONNECTION_FILE (Jupyter runs this)
	nnbook run NB.ipynb... [-o OUT.ipynb | -out-dir DIR | -in-place]
	                    [-timeout D] [-allow-errors]
	                    execute notebooks without Jupyter and write them
	                    with their outputs; answers to input requests are
	                    read from standard input
	nnbook install [-prefix DIR] [-go PATH] [-no-warm]
	                    register this binary with Jupyter as "Go (nnbook)"
	                    and warm the build cache
	nnbook uninstall [-prefix DIR]
	                    remove the registration
	nnbook version      print the version
	nnbook help         print this help

Environment:

	NNBOOK_SOURCE       an nnbook source tree for cells' nnkit imports, in
	                    place of the one recorded by go run ./install or
	                    the module version the binary was built with
	NNBOOK_GO           the go command (default: go from PATH)
	NNBOOK_LOG_LEVEL    debug, info, warn or error (default info)

Install the kernel with "go run ./install" in a clone of the source tree,
or with "go install github.com/nnbook/nnbook/kernel/cmd/nnbook@VERSION"
and "nnbook install".
`)
}

// runKernel serves one kernel until it is shut down.
func runKernel(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("nnbook kernel", flag.ContinueOnError)
	fs.SetOutput(stderr)
	connFile := fs.String("f", "", "the connection `file` written by Jupyter")
	level := fs.String("log-level", envOr(EnvLogLevel, defaultStderrLevel), "`level` of the log on stderr: debug, info, warn or error (the log file has info and up)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *connFile == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: nnbook kernel -f CONNECTION_FILE [-log-level LEVEL]")
		return exitUsage
	}
	logger, closeLog, err := kernelLogger(*connFile, *level, stderr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	defer closeLog()

	if err := serve(*connFile, logger); err != nil {
		logger.Error("kernel failed", "err", err)
		return exitError
	}
	return exitOK
}

// serve runs the kernel of connFile with the cell executor.
func serve(connFile string, logger *slog.Logger) (err error) {
	// The executor starts in the background (the live one builds its
	// worker), so that the sockets are up and kernel_info is answered at
	// once.
	sess := executor.Start(executorConfig(os.Getenv(EnvSource), logger))
	defer func() {
		err = errors.Join(err, sess.Close())
	}()
	k, err := kernel.New(kernel.Config{
		ConnectionFile: connFile,
		Executor:       sess,
		Logger:         logger,
		Version:        version(),
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	defer signal.Stop(interrupts)
	go func() {
		for {
			select {
			case <-interrupts:
				logger.Info("SIGINT: interrupting the running cell")
				k.Interrupt()
			case <-ctx.Done():
				return
			}
		}
	}()
	return k.Serve(ctx)
}

// executorConfig is the executor $NNBOOK_EXECUTOR names, with the go
// command of $NNBOOK_GO and the source tree projectDir.
func executorConfig(projectDir string, logger *slog.Logger) executor.Config {
	return executor.Config{Name: os.Getenv(EnvExecutor), ProjectDir: projectDir, Go: os.Getenv(EnvGo), Logger: logger}
}

// envOr returns the value of the environment variable key, or def when it
// is unset or empty.
func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// version returns the module version the binary was built from. The go
// command stamps a build from a git checkout with a pseudo-version that
// names the commit; otherwise it is "devel", with the VCS revision when one
// was recorded.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "devel+" + s.Value[:12]
		}
	}
	return "devel"
}
