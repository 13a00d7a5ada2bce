// Package kernelspec writes and removes nnbook's Jupyter kernelspec: the
// directory kernels/nnbook of a Jupyter data directory, holding kernel.json
// and the logos
// (https://jupyter-client.readthedocs.io/en/stable/kernels.html#kernel-specs).
//
// Both ways of installing the kernel use it: `go run ./install` from a clone
// of the source tree, and `nnbook install` for a binary installed with
// `go install github.com/nnbook/nnbook/kernel/cmd/nnbook@VERSION`.
package kernelspec
