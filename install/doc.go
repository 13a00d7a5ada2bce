// Install builds the nnbook kernel and registers it with Jupyter.
//
// Run it from the project's source tree:
//
//	go run ./install [--prefix DIR] [--go PATH] [--no-warm] [--uninstall]
//
// It builds the nnbook binary into the kernelspec directory
// DATA/kernels/nnbook, writes kernel.json and the two logos there, and warms
// the Go build cache so the first cell of a notebook compiles quickly. DATA is
// PREFIX/share/jupyter with --prefix, else $JUPYTER_DATA_DIR, else the user's
// Jupyter data directory (~/.local/share/jupyter on Linux, ~/Library/Jupyter on
// macOS, %APPDATA%\jupyter on Windows).
//
// kernel.json records where the source tree and the go command are
// (NNBOOK_SOURCE and NNBOOK_GO), so cells can import nnkit and build with the
// toolchain the kernel was installed with. Running the installer again
// replaces the files in place; --uninstall removes the kernelspec directory.
package main
