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
	"strings"

	"github.com/nnbook/nnbook/install/kernelspec"
	"github.com/nnbook/nnbook/kernel/modules"
)

// installOptions are the flags of nnbook install and nnbook uninstall.
type installOptions struct {
	// Prefix, when set, installs into Prefix/share/jupyter.
	Prefix string
	// Go is the go command cells build with; default: the one on PATH.
	Go string
	// NoWarm skips warming the build cache.
	NoWarm bool
}

// runInstall registers this binary as the kernel "Go (nnbook)" (nnbook
// install), or removes the registration (nnbook uninstall, with uninstall
// set).
func runInstall(args []string, uninstall bool, stdout, stderr io.Writer) int {
	name := "nnbook install"
	if uninstall {
		name = "nnbook uninstall"
	}
	var o installOptions
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.Prefix, "prefix", "", "use `DIR`/share/jupyter instead of the user's Jupyter data directory")
	if !uninstall {
		fs.StringVar(&o.Go, "go", "", "the go command cells build with, recorded in kernel.json (default: go on PATH)")
		fs.BoolVar(&o.NoWarm, "no-warm", false, "do not warm the Go build cache")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", name, fs.Arg(0))
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var err error
	if uninstall {
		err = kernelspec.Uninstall(o.Prefix, stdout)
	} else {
		err = registerKernel(ctx, o, stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return exitError
	}
	return exitOK
}

// registerKernel writes the kernelspec for the running binary, after
// checking that cells will find nnkit (see [modules.Find]), and warms the
// build cache.
func registerKernel(ctx context.Context, o installOptions, w io.Writer) error {
	data, err := kernelspec.UserDataDir(o.Prefix)
	if err != nil {
		return err
	}
	dir := kernelspec.Dir(data)
	bin, err := executable()
	if err != nil {
		return err
	}
	goCmd, err := kernelspec.FindGo(o.Go, exec.LookPath)
	if err != nil {
		return err
	}
	src, err := modules.Find(ctx, modules.FindConfig{Go: goCmd})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "cells import nnkit from %s\n", src.Origin)
	if err := kernelspec.Prepare(dir); err != nil {
		return err
	}
	if err := kernelspec.Write(dir, kernelspec.New(bin, goCmd)); err != nil {
		return err
	}
	fmt.Fprintf(w, "wrote the kernelspec %q to %s: Jupyter runs %s with %s\n", kernelspec.DisplayName, dir, bin, goCmd)
	if !o.NoWarm {
		fmt.Fprintln(w, "warming the Go build cache for cells (gonum, plot, gonbui, nnkit); the first time takes a few minutes ...")
		if err := kernelspec.Warm(ctx, src, goCmd, w); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\nnext: start JupyterLab (jupyter lab), Jupyter Notebook or VS Code and pick the kernel %q; `nnbook run NB.ipynb` runs a notebook without Jupyter\n", kernelspec.DisplayName)
	if o.Prefix != "" {
		fmt.Fprint(w, kernelspec.PrefixNote(data))
	}
	return nil
}

// executable returns the absolute path of the running binary, which
// kernel.json names. A binary that go run built in a temporary directory
// is refused: it is gone when go run ends.
func executable() (string, error) {
	bin, err := os.Executable()
	if err == nil {
		bin, err = filepath.EvalSymlinks(bin)
	}
	if err != nil {
		return "", fmt.Errorf("find this binary's path: %w", err)
	}
	if strings.Contains(bin, string(filepath.Separator)+"go-build") {
		return "", fmt.Errorf("this binary (%s) is a temporary one built by go run; install it first: go install %s/kernel/cmd/nnbook@VERSION (or go run ./install in a clone)", bin, modules.Module)
	}
	return bin, nil
}
