package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"time"

	"github.com/nnbook/nnbook/install/kernelspec"
	"github.com/nnbook/nnbook/kernel/modules"
)

// options are the installer's command-line flags.
type options struct {
	// Prefix, when set, installs into Prefix/share/jupyter.
	Prefix string
	// Go is the go command to build with; default: the one on PATH.
	Go string
	// Uninstall removes the kernelspec instead of installing it.
	Uninstall bool
	// NoWarm skips warming the build cache.
	NoWarm bool
	// NoRun skips running the check notebook with the installed kernel.
	NoRun bool
	// Notebook, when set, is the check notebook instead of the tour.
	Notebook string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err == nil {
		err = run(ctx, opts, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		stop()
		os.Exit(1)
	}
}

// parseFlags parses the command line (without the program name).
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("install", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run ./install [--prefix DIR] [--go PATH] [--no-warm] [--no-run | --notebook NB] [--uninstall]\n\n"+
			"Builds the nnbook kernel, registers it with Jupyter as %q and runs a notebook with it.\n\n", kernelspec.DisplayName)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.Prefix, "prefix", "", "install into `DIR`/share/jupyter instead of the user's Jupyter data directory")
	fs.StringVar(&o.Go, "go", "", "the go command to build with and record in kernel.json (default: go on PATH)")
	fs.BoolVar(&o.Uninstall, "uninstall", false, "remove the kernelspec")
	fs.BoolVar(&o.NoWarm, "no-warm", false, "do not warm the Go build cache")
	fs.BoolVar(&o.NoRun, "no-run", false, "do not run the tour (or smoke) notebook with the installed kernel")
	fs.StringVar(&o.Notebook, "notebook", "", "run `NB` with the installed kernel instead of the tour")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return o, fmt.Errorf("install: unexpected argument %q", fs.Arg(0))
	}
	if o.NoRun && o.Notebook != "" {
		return o, errors.New("install: give --no-run or --notebook, not both")
	}
	return o, nil
}

// run installs (or uninstalls) the kernel as opts say, reporting progress
// on w.
func run(ctx context.Context, opts options, w io.Writer) error {
	if opts.Uninstall {
		return kernelspec.Uninstall(opts.Prefix, w)
	}
	data, err := kernelspec.UserDataDir(opts.Prefix)
	if err != nil {
		return err
	}
	specDir := kernelspec.Dir(data)

	wd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("install: %w", err)
	}
	source, err := sourceDir(wd)
	if err != nil {
		return err
	}
	goCmd, err := kernelspec.FindGo(opts.Go, exec.LookPath)
	if err != nil {
		return err
	}
	goVer, err := goVersion(ctx, goCmd)
	if err != nil {
		return err
	}
	if err := kernelspec.Prepare(specDir); err != nil {
		return err
	}

	start := time.Now()
	if err := downloadModules(ctx, goCmd, source); err != nil {
		return err
	}
	bin := filepath.Join(specDir, kernelspec.BinaryName(runtime.GOOS))
	if err := buildBinary(ctx, goCmd, source, bin); err != nil {
		return err
	}
	ver, err := binaryVersion(ctx, bin)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "built %s (%s) with %s at %s in %.1fs\n", bin, ver, goVer, goCmd, time.Since(start).Seconds())

	if err := kernelspec.Write(specDir, kernelspec.New(bin, goCmd)); err != nil {
		return err
	}
	fmt.Fprintf(w, "wrote the kernelspec %q to %s\n", kernelspec.DisplayName, specDir)

	if !opts.NoWarm {
		fmt.Fprintln(w, "warming the Go build cache for cells (gonum, plot, gonbui, nnkit); the first time takes a few minutes ...")
		start := time.Now()
		src, err := modules.SourceTree(source)
		if err != nil {
			return err
		}
		if err := kernelspec.Warm(ctx, src, goCmd, w); err != nil {
			return err
		}
		fmt.Fprintf(w, "build cache warm in %.1fs\n", time.Since(start).Seconds())
	}
	if !opts.NoRun {
		nb := opts.Notebook
		if nb == "" {
			nb, err = checkNotebook(source)
		} else {
			nb, err = filepath.Abs(nb)
		}
		if err != nil {
			return err
		}
		out := filepath.Join(executedDir(), filepath.Base(nb))
		fmt.Fprintf(w, "running %s with the kernel (%s run) as a check ...\n", nb, bin)
		if err := runNotebook(ctx, bin, source, goCmd, nb, out, w); err != nil {
			return err
		}
		fmt.Fprintf(w, "the kernel works: the executed notebook is %s\n", out)
	}
	fmt.Fprint(w, nextSteps(source, data, opts.Prefix != ""))
	return nil
}

// nextSteps tells the user how to open the notebooks. A kernelspec under a
// prefix is found by Jupyter only when the prefix's share/jupyter is on its
// path.
func nextSteps(source, data string, prefixed bool) string {
	nb := filepath.Join(source, "notebooks")
	s := "\nnext: open the notebooks with the kernel \"" + kernelspec.DisplayName + "\":\n" +
		"  jupyter lab " + nb + "\n" +
		"  jupyter notebook " + nb + "\n" +
		"  VS Code: open a .ipynb file there and pick \"" + kernelspec.DisplayName + "\" in Select Kernel → Jupyter Kernel\n"
	if prefixed {
		s += kernelspec.PrefixNote(data)
	}
	return s
}
