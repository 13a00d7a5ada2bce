// Package backend chooses the BLAS that gonum, and so nnkit, computes
// with: gonum's pure Go, a CPU BLAS library (package cpublas: OpenBLAS,
// MKL, BLIS, Accelerate) or CUDA (package gpu). It installs the choice
// with blas64.Use, for the whole process, and says which one is active:
//
//	b, err := backend.Use(backend.Auto) // the fastest available
//	fmt.Println(b)                      // cpu: OpenBLAS 0.3.21 …, 2 threads (/usr/lib/…/libopenblas.so.0)
//
// The names are [Go], [CPU], [CUDA] and [Auto]; [UseDefault] takes the
// name from $NNBOOK_BLAS ([EnvBLAS]), [Auto] when it is unset: the
// kernel's first cell that can run BLAS calls it, before the cell's code
// runs. [Current] reports the active one, and [Report] every backend this
// machine offers, as the kernel's %blas shows them.
//
// # Which is fastest
//
// [Auto] takes the CPU library when one loads and pure Go otherwise. It
// does not take CUDA: the device pays only for products of at least about
// 128³ (see gpu.DefaultThreshold) and costs a copy each way, so for the
// mini-batch products of the chapters a CPU library is faster; ask for
// [CUDA] by name for large products. [CUDA] computes the products too small
// for the device on the CPU library when one loads (gpu.Implementation.CPU).
//
// # Reproducibility
//
// Only [Go] gives the same bits on every machine: a library sums in its
// own order, with fused multiply-adds, and its results differ from pure
// Go's in the last bits. Tests that compare saved outputs byte for byte
// pin [Go] (NNBOOK_BLAS=go).
package backend
