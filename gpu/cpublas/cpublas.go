package cpublas

import (
	"fmt"
	"math"
	"os"
	"runtime"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Thresholds are the sizes from which each routine goes to the library;
// smaller calls run in the embedded pure-Go implementation, where the
// call into C would cost more than the library saves. Zero sends every
// call with nonzero sizes to the library.
type Thresholds struct {
	Gemm int // Dgemm: m·n·k
	Gemv int // Dgemv: m·n
	Ger  int // Dger: m·n
	Syrk int // Dsyrk: n·n·k
}

// DefaultThresholds are the thresholds New sets, measured with
// BenchmarkCrossover on OpenBLAS 0.3.21 with 2 threads (AMD EPYC, 2 cores,
// AVX-512), where a call into the library costs about 0.08 µs:
//
//	Dgemm  n = 2: go 0.10 µs, lib 0.10 µs;  n = 4: go 0.24 µs, lib 0.08 µs;  n = 64: 7 vs 48 GFLOP/s
//	Dsyrk  n = 8: go 0.17 µs, lib 0.27 µs;  n = 16: go 0.88 µs, lib 0.66 µs
//	Dgemv  n = 128: go 3.0 µs, lib 13.7 µs;  n = 256: go 13 µs, lib 4.5 µs
//	Dger   n = 128: go 3.8 µs, lib 6.1 µs;   n = 256: go 14 µs, lib 6.5 µs
//
// The level-2 routines, which read each element once, gain only where the
// library's threads share a large matrix.
var DefaultThresholds = Thresholds{Gemm: 4 * 4 * 4, Gemv: 192 * 192, Ger: 192 * 192, Syrk: 12 * 12 * 12}

// Implementation is gonum's pure-Go BLAS with Dgemm, Dgemv, Dger and Dsyrk
// sent to a CPU BLAS library (OpenBLAS, MKL, BLIS or Accelerate, loaded at
// run time) when the call is at least as large as its threshold. Every
// other routine is the embedded [gonum.Implementation]'s.
//
// Install it for all of gonum with blas64.Use. The zero value, and the
// value New returns when no library loads, computes everything in pure Go.
// An Implementation is safe for concurrent use as far as its library is:
// the libraries New finds are thread-safe builds (Debian's OpenBLAS and
// BLIS, MKL, Accelerate), and TestConcurrent checks the one present.
type Implementation struct {
	gonum.Implementation

	// Thresholds are the smallest calls sent to the library.
	// Default: DefaultThresholds (set by New).
	Thresholds Thresholds

	lib library // nil when everything runs in pure Go
	err error   // why lib is nil
}

var _ blas.Float64 = (*Implementation)(nil)

// library is a loaded CBLAS. Its routines take checked arguments with
// every size and stride within a C int.
type library interface {
	dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int)
	dgemv(transA bool, m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int)
	dger(m, n int, alpha float64, x []float64, incX int, y []float64, incY int, a []float64, lda int)
	dsyrk(upper, trans bool, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int)
	setThreads(n int) error
	threads() int
	info() Info
}

// Info describes the library in use.
type Info struct {
	Name    string // "OpenBLAS", "MKL", "BLIS" or "Accelerate"
	Version string // the library's own description, such as "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64"; may be empty
	Path    string // the file loaded
	Threads int    // the threads it computes with; 0 when it does not say
}

// String returns a one-line summary such as
// "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64, 2 threads (/usr/lib/x86_64-linux-gnu/libopenblas.so.0)".
func (in Info) String() string {
	s := in.Name
	if in.Version != "" {
		s = in.Version
	}
	switch {
	case in.Threads == 1:
		s += ", 1 thread"
	case in.Threads > 1:
		s += fmt.Sprintf(", %d threads", in.Threads)
	}
	return s + " (" + in.Path + ")"
}

// New loads a CPU BLAS library ($NNBOOK_BLAS_LIB's, else the first of
// OpenBLAS, MKL and BLIS on Linux, Accelerate on macOS; see [EnvLibrary])
// and returns an Implementation that uses it.
//
// New always returns a usable Implementation. When err is not nil, every
// routine runs in pure Go: err is a [*LibraryError] listing where each
// library was looked for, or, in a build without cgo, an error that says
// so; both match [ErrNoLibrary].
func New() (*Implementation, error) {
	impl := &Implementation{Thresholds: DefaultThresholds}
	lib, err := load(os.Getenv, runtime.GOOS)
	if err != nil {
		impl.err = err
		return impl, err
	}
	impl.lib = lib
	return impl, nil
}

// Err returns why no library is in use, or nil.
func (impl *Implementation) Err() error { return impl.err }

// Info describes the library in use; it returns [ErrNoLibrary] (or New's
// error) when everything runs in pure Go.
func (impl *Implementation) Info() (Info, error) {
	if impl.lib == nil {
		return Info{}, impl.noLibrary()
	}
	return impl.lib.info(), nil
}

func (impl *Implementation) noLibrary() error {
	if impl.err != nil {
		return impl.err
	}
	return ErrNoLibrary
}

// SetThreads sets the number of threads the library computes with, for
// the whole process (the library has one thread pool). n must be at least 1.
// It returns an error when no library is in use or the library offers no
// way to set it (Accelerate reads VECLIB_MAXIMUM_THREADS at start instead).
func (impl *Implementation) SetThreads(n int) error {
	if n < 1 {
		return fmt.Errorf("cpublas: SetThreads(%d): need at least 1 thread", n)
	}
	if impl.lib == nil {
		return impl.noLibrary()
	}
	return impl.lib.setThreads(n)
}

// String returns the library's one-line summary (see [Info.String]), or
// "pure Go" with the reason when none is in use.
func (impl *Implementation) String() string {
	if impl.lib == nil {
		return "pure Go (" + impl.noLibrary().Error() + ")"
	}
	return impl.lib.info().String()
}

// fits reports whether every value fits in a C int, as the library's
// LP64 interface needs.
func fits(vs ...int) bool {
	for _, v := range vs {
		if v > math.MaxInt32 || v < math.MinInt32 {
			return false
		}
	}
	return true
}

// Dgemm computes C = alpha·op(A)·op(B) + beta·C as gonum's Dgemm does
// (same arguments, same panics): in the library when m·n·k ≥
// Thresholds.Gemm, else in pure Go.
func (impl *Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if impl.lib == nil || m <= 0 || n <= 0 || k <= 0 || alpha == 0 || m*n*k < impl.Thresholds.Gemm ||
		!fits(m, n, k, lda, ldb, ldc) {
		impl.Implementation.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	// With alpha = 0 and beta = 1, gonum's Dgemm checks every argument,
	// panicking as it would for this call, and returns without touching C.
	impl.Implementation.Dgemm(tA, tB, m, n, k, 0, a, lda, b, ldb, 1, c, ldc)
	impl.lib.dgemm(tA != blas.NoTrans, tB != blas.NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Dgemv computes y = alpha·op(A)·x + beta·y as gonum's Dgemv does: in the
// library when m·n ≥ Thresholds.Gemv, else in pure Go.
func (impl *Implementation) Dgemv(tA blas.Transpose, m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	if impl.lib == nil || m <= 0 || n <= 0 || alpha == 0 || m*n < impl.Thresholds.Gemv || !fits(m, n, lda, incX, incY) {
		impl.Implementation.Dgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	impl.Implementation.Dgemv(tA, m, n, 0, a, lda, x, incX, 1, y, incY) // checks only
	impl.lib.dgemv(tA != blas.NoTrans, m, n, alpha, a, lda, x, incX, beta, y, incY)
}

// Dger computes A += alpha·x·yᵀ as gonum's Dger does: in the library when
// m·n ≥ Thresholds.Ger, else in pure Go.
func (impl *Implementation) Dger(m, n int, alpha float64, x []float64, incX int, y []float64, incY int, a []float64, lda int) {
	if impl.lib == nil || m <= 0 || n <= 0 || alpha == 0 || m*n < impl.Thresholds.Ger || !fits(m, n, lda, incX, incY) {
		impl.Implementation.Dger(m, n, alpha, x, incX, y, incY, a, lda)
		return
	}
	impl.Implementation.Dger(m, n, 0, x, incX, y, incY, a, lda) // checks only
	impl.lib.dger(m, n, alpha, x, incX, y, incY, a, lda)
}

// Dsyrk computes the triangle ul of C = alpha·A·Aᵀ + beta·C (or
// alpha·Aᵀ·A + beta·C) as gonum's Dsyrk does: in the library when n·n·k ≥
// Thresholds.Syrk, else in pure Go.
func (impl *Implementation) Dsyrk(ul blas.Uplo, tA blas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	if impl.lib == nil || n <= 0 || k <= 0 || alpha == 0 || n*n*k < impl.Thresholds.Syrk || !fits(n, k, lda, ldc) ||
		(ul != blas.Upper && ul != blas.Lower) {
		impl.Implementation.Dsyrk(ul, tA, n, k, alpha, a, lda, beta, c, ldc)
		return
	}
	// With alpha = 0 and beta = 1, gonum checks every argument and scales
	// the triangle by 1, which leaves it as it is.
	impl.Implementation.Dsyrk(ul, tA, n, k, 0, a, lda, 1, c, ldc)
	impl.lib.dsyrk(ul == blas.Upper, tA != blas.NoTrans, n, k, alpha, a, lda, beta, c, ldc)
}
