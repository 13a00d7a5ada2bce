package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/nnbook/nnbook/kernel/executor"
	ipynb "github.com/nnbook/nnbook/kernel/notebook"
)

// runUsage is the synopsis of nnbook run.
const runUsage = "usage: nnbook run NB.ipynb... [-o OUT.ipynb | -out-dir DIR | -in-place] [-timeout D] [-allow-errors]"

// runNotebooks executes notebooks without Jupyter (nnbook run): each in a
// fresh session, with the notebook's directory as working directory. It
// prints each cell's time to stderr, reads answers to input requests from
// stdin, writes every executed notebook (also one that failed) and returns
// exitError when a cell failed.
func runNotebooks(args []string, stdin io.Reader, stderr io.Writer) int {
	fs := flag.NewFlagSet("nnbook run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the executed notebook to `file` (one notebook only)")
	outDir := fs.String("out-dir", "", "write the executed notebooks into `dir` under their own names")
	inPlace := fs.Bool("in-place", false, "write the executed notebooks over the inputs")
	timeout := fs.Duration("timeout", 0, "interrupt a cell that runs longer than `duration` and fail it (0: no limit)")
	allowErrors := fs.Bool("allow-errors", false, "run every cell even after one fails, and exit 0")
	level := fs.String("log-level", envOr(EnvLogLevel, "warn"), "log `level`: debug, info, warn or error")
	fs.Usage = func() {
		fmt.Fprintln(stderr, runUsage)
		fmt.Fprintln(stderr, "\nWithout -o, -out-dir or -in-place, NB.ipynb is written to NB.out.ipynb.")
		fs.PrintDefaults()
	}
	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0)) // flags may follow the notebooks
		args = fs.Args()[1:]
	}
	modes := 0
	for _, set := range []bool{*out != "", *outDir != "", *inPlace} {
		if set {
			modes++
		}
	}
	switch {
	case len(paths) == 0:
		fmt.Fprintln(stderr, runUsage)
		return exitUsage
	case modes > 1:
		fmt.Fprintln(stderr, "nnbook run: give only one of -o, -out-dir and -in-place")
		return exitUsage
	case *out != "" && len(paths) > 1:
		fmt.Fprintln(stderr, "nnbook run: -o takes one notebook; use -out-dir DIR for several")
		return exitUsage
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		fmt.Fprintf(stderr, "nnbook: log level %q: want debug, info, warn or error\n", *level)
		return exitUsage
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lvl}))

	if *outDir != "" {
		if err := os.MkdirAll(*outDir, 0o755); err != nil {
			fmt.Fprintf(stderr, "nnbook run: %v\n", err)
			return exitError
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	answers := bufio.NewReader(stdin)
	terminal := false
	if f, ok := stdin.(*os.File); ok {
		fi, err := f.Stat()
		terminal = err == nil && fi.Mode()&os.ModeCharDevice != 0
	}
	input := func(_ context.Context, prompt string, _ bool) (string, error) {
		fmt.Fprint(stderr, prompt)
		line, err := answers.ReadString('\n')
		if !terminal {
			fmt.Fprintln(stderr) // the answer was not echoed
		}
		if err != nil && line == "" {
			return "", fmt.Errorf("no input on nnbook's standard input: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	code := exitOK
	for _, path := range paths {
		dst := *out
		switch {
		case *inPlace:
			dst = path
		case *outDir != "":
			dst = filepath.Join(*outDir, filepath.Base(path))
		case dst == "":
			dst = strings.TrimSuffix(path, ".ipynb") + ".out.ipynb"
		}
		r := &ipynb.Runner{Timeout: *timeout, AllowErrors: *allowErrors, Input: input}
		if err := runNotebook(ctx, path, dst, r, logger, stderr); err != nil {
			fmt.Fprintf(stderr, "nnbook run: %v\n", err)
			code = exitError
		}
		if ctx.Err() != nil {
			break
		}
	}
	return code
}

// runNotebook executes the notebook at src with r in a fresh session and
// writes it to dst, also when a cell failed.
func runNotebook(ctx context.Context, src, dst string, r *ipynb.Runner, logger *slog.Logger, stderr io.Writer) (err error) {
	nb, err := ipynb.ReadFile(src)
	if err != nil {
		return err
	}
	absDst, err := filepath.Abs(dst)
	if err != nil {
		return err
	}
	// Cells run in the notebook's directory, as under Jupyter.
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	if err := os.Chdir(filepath.Dir(src)); err != nil {
		return err
	}
	defer func() {
		err = errors.Join(err, os.Chdir(wd))
	}()
	sess, notice, err := executor.New(executorConfig(projectDir(wd), logger))
	if err != nil {
		return err
	}
	if notice != "" {
		fmt.Fprint(stderr, notice)
	}
	defer func() {
		err = errors.Join(err, sess.Close())
	}()
	r.Executor = sess
	r.CellDone = func(c ipynb.CellReport) {
		status := "ok"
		if c.Err != nil {
			status = c.Err.Name + ": " + c.Err.Value
		}
		fmt.Fprintf(stderr, "%s: cell %d, In [%d]: %.2fs %s\n", src, c.Index, c.ExecutionCount, c.Duration.Seconds(), status)
	}
	start := time.Now()
	runErr := r.Run(ctx, nb)
	recordModules(ctx, sess, nb, logger)
	if err := ipynb.WriteFile(absDst, nb); err != nil {
		return errors.Join(runErr, err)
	}
	fmt.Fprintf(stderr, "%s: wrote %s (%.1fs)\n", src, dst, time.Since(start).Seconds())
	return runErr
}

// projectDir returns $NNBOOK_SOURCE made absolute against wd, since the
// cells run in the notebook's directory.
func projectDir(wd string) string {
	dir := os.Getenv(EnvSource)
	if dir != "" && !filepath.IsAbs(dir) {
		dir = filepath.Join(wd, dir)
	}
	return dir
}
