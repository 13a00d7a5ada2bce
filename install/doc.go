// Install builds the nnbook kernel, registers it with Jupyter and checks it
// by running a notebook.
//
// Run it from the project's source tree:
//
//	go run ./install [--prefix DIR] [--go PATH] [--no-warm] [--no-run | --notebook NB] [--uninstall]
//
// It builds the nnbook binary into the kernelspec directory
// DATA/kernels/nnbook, writes kernel.json and the two logos there, and warms
// the Go build cache so the first cell of a notebook compiles quickly: the
// packages cells import (gonum, gonum/plot, gonbui, nnkit) are built both as
// for a program and in plugin mode, as the live executor builds them. DATA
// is PREFIX/share/jupyter with --prefix, else $JUPYTER_DATA_DIR, else the
// user's Jupyter data directory (~/.local/share/jupyter on Linux,
// ~/Library/Jupyter on macOS, %APPDATA%\jupyter on Windows).
//
// Last, it runs the tour notebook (notebooks/00*.ipynb; notebooks/smoke.ipynb
// until there is one) with the installed binary's "run" command, printing
// each cell's time, and writes the executed copy to nnbook/ in the user's
// cache directory (~/.cache/nnbook on Linux). A cell that fails makes the
// installer fail with the cell's error; --notebook NB runs NB instead and
// --no-run skips the check.
//
// The binary records the source tree it was built from, so cells import
// nnkit from there without environment variables; kernel.json records the
// go command (NNBOOK_GO), so cells build with the toolchain the kernel was
// installed with. The kernelspec itself is written by package kernelspec,
// which `nnbook install` shares. Running the installer again replaces the
// files in place; --uninstall removes the kernelspec directory.
package main
