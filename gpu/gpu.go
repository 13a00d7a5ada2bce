package gpu

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"
)

// device runs products on an accelerator. Implementation serialises every
// call with its mutex.
type device interface {
	// dgemm computes gonum's Dgemm with m, n, k ≥ 1 and every size and
	// leading dimension within a C int; on failure, c may be overwritten.
	dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) error
	info() (DeviceInfo, error)
	close() error
}

// DefaultThreshold is the default [Implementation.Threshold]: products with
// m·n·k ≥ 128³ go to the device. See the package documentation for why.
const DefaultThreshold = 128 * 128 * 128

// DefaultMinDim is the default [Implementation.MinDim]: a product goes to
// the device only when each of m, n and k is at least 32. See the package
// documentation for why.
const DefaultMinDim = 32

// EnvRequireDevice names the environment variable that makes the tests and
// benchmarks that need a CUDA device fail, instead of skipping, when none
// can be used. gpucheck.sh's run.sh sets it on the GPU machine, where a
// skipped device test would otherwise read as a pass.
const EnvRequireDevice = "NNBOOK_GPU_REQUIRED"

// Implementation is gonum's pure-Go BLAS with Dgemm sent to cuBLAS when the
// product is large enough to repay copying its operands to the device.
// Every other routine is the embedded [gonum.Implementation]'s.
//
// Install it for all of gonum (mat.Dense.Mul and everything built on it)
// with blas64.Use. The zero value runs every product on the CPU. An
// Implementation is safe for concurrent use; products on the device run one
// at a time.
type Implementation struct {
	gonum.Implementation

	// Threshold is the smallest m·n·k that Dgemm sends to the device;
	// smaller products run on the CPU. Zero sends every product with
	// m, n, k ≥ MinDim and alpha ≠ 0.
	// Default: DefaultThreshold (set by New).
	Threshold int

	// MinDim is the smallest m, n and k that Dgemm sends to the device:
	// a product with a thin side moves much data for little arithmetic
	// (1×4096 by 4096×4096 copies 128 MiB for 33 MFLOP). Zero and one
	// impose no minimum.
	// Default: DefaultMinDim (set by New).
	MinDim int

	// CPU, when not nil, computes the products that stay on the CPU (or
	// fall back to it), such as a CPU BLAS library's Dgemm from package
	// cpublas; nil leaves them to the embedded pure-Go implementation.
	// Every routine other than Dgemm is the embedded one's either way.
	// Default: nil.
	CPU blas.Float64Level3

	mu sync.Mutex // mu guards dev, err, oomBytes and backup
	// dev is the device, nil when every product runs on the CPU.
	dev device
	// err is why dev is nil, or the last failure that sent a product
	// back to the CPU.
	err error
	// oomBytes, when positive, is the smallest device footprint that ran
	// out of memory: products that need as much run on the CPU.
	oomBytes int
	// backup keeps C while the device computes a product with beta ≠ 0,
	// so that a failed product can be redone on the CPU.
	backup []float64
}

var _ blas.Float64 = (*Implementation)(nil)

// New loads the CUDA runtime and cuBLAS (see [EnvLibDir] for where it
// looks), opens CUDA device 0 and returns an Implementation that uses it.
//
// New always returns a usable Implementation. When err is not nil, no
// device is used and every product runs on the CPU: err matches
// [ErrNoDevice] when there is no library, driver or device (a
// [*LibraryError] lists where the libraries were looked for), and is an
// [*Error] when CUDA failed to start.
func New() (*Implementation, error) {
	impl := &Implementation{Threshold: DefaultThreshold, MinDim: DefaultMinDim}
	dev, err := openDevice(defaultSearch())
	if err != nil {
		impl.err = err
		return impl, err
	}
	impl.dev = dev
	return impl, nil
}

// Dgemm performs one of the matrix-matrix operations
//
//	C = alpha * A * B + beta * C
//	C = alpha * Aᵀ * B + beta * C
//	C = alpha * A * Bᵀ + beta * C
//	C = alpha * Aᵀ * Bᵀ + beta * C
//
// where A is an m×k or k×m dense matrix, B is an n×k or k×n dense matrix, C
// is an m×n matrix, and alpha and beta are scalars. tA and tB specify
// whether A or B are transposed. It checks its arguments and panics as
// gonum's Dgemm does.
//
// Products with m·n·k ≥ Threshold and m, n, k ≥ MinDim run on the
// device; the others, those with alpha = 0 or k = 0 (C is only scaled by
// beta), and those with a size beyond cuBLAS's 32-bit integers or a row
// beyond the 2 GiB pitch of a 2D copy run on the CPU. When the device
// fails, the product is computed on the CPU and [Implementation.Err]
// reports the failure.
func (impl *Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if !impl.offload(m, n, k, alpha, lda, ldb, ldc) {
		impl.cpu().Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	// With alpha = 0 and beta = 1, gonum's Dgemm checks every argument,
	// panicking as it would for this call, and returns without touching C.
	impl.Implementation.Dgemm(tA, tB, m, n, k, 0, a, lda, b, ldb, 1, c, ldc)
	if impl.dgemmDevice(tA != blas.NoTrans, tB != blas.NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
		return
	}
	impl.cpu().Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// cpu returns what computes the products that stay on the CPU.
func (impl *Implementation) cpu() blas.Float64Level3 {
	if impl.CPU != nil {
		return impl.CPU
	}
	return impl.Implementation
}

// offload reports whether a product of these sizes should go to the device.
func (impl *Implementation) offload(m, n, k int, alpha float64, lda, ldb, ldc int) bool {
	if m <= 0 || n <= 0 || k <= 0 || alpha == 0 || min(m, n, k) < impl.MinDim {
		return false
	}
	for _, v := range []int{m, n, k, lda, ldb, ldc, m * k, k * n, m * n} {
		if v > math.MaxInt32 {
			return false
		}
	}
	if max(lda, ldb, ldc) > maxPitch/8 {
		return false
	}
	return float64(m)*float64(n)*float64(k) >= float64(impl.Threshold)
}

// maxPitch is the largest row, in bytes, of a 2D copy to or from the
// device (cudaDevAttrMaxPitch on every current NVIDIA device).
const maxPitch = math.MaxInt32

// footprint is the device memory a product stages, in bytes.
func footprint(m, n, k int) int { return 8 * (m*k + k*n + m*n) }

// dgemmDevice runs a checked product on the device and reports whether it
// did; when it did not, C is as it was.
func (impl *Implementation) dgemmDevice(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) bool {
	impl.mu.Lock()
	defer impl.mu.Unlock()
	bytes := footprint(m, n, k)
	if impl.dev == nil || (impl.oomBytes > 0 && bytes >= impl.oomBytes) {
		return false
	}
	span := (m-1)*ldc + n // the part of c that the product writes
	if beta != 0 {
		impl.backup = append(impl.backup[:0], c[:span]...)
	}
	err := impl.dev.dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	if err == nil {
		return true
	}
	if beta != 0 {
		copy(c, impl.backup)
	}
	impl.failLocked(err, bytes)
	return false
}

// failLocked records a device failure. Out of memory leaves the device in
// use for products smaller than the one that failed; any other failure
// turns it off, since CUDA errors such as an illegal address spoil the
// whole context.
func (impl *Implementation) failLocked(err error, bytes int) {
	if errors.Is(err, ErrOutOfMemory) {
		impl.err = err
		if impl.oomBytes == 0 || bytes < impl.oomBytes {
			impl.oomBytes = bytes
		}
		return
	}
	impl.err = errors.Join(err, impl.dev.close())
	impl.dev = nil
}

// Err returns the failure that last sent a product back to the CPU, why
// no device is in use, or nil. After an out-of-memory failure ([ErrOutOfMemory])
// the device keeps computing smaller products; after any other failure
// every product runs on the CPU.
func (impl *Implementation) Err() error {
	impl.mu.Lock()
	defer impl.mu.Unlock()
	return impl.err
}

// errClosed is the reason the device is not used after Close.
var errClosed = fmt.Errorf("%w: Implementation.Close was called", ErrNoDevice)

// Close releases the device memory, stream and cuBLAS handle. Later
// products run on the CPU.
func (impl *Implementation) Close() error {
	impl.mu.Lock()
	defer impl.mu.Unlock()
	if impl.dev == nil {
		return nil
	}
	err := impl.dev.close()
	impl.dev = nil
	impl.err = errClosed
	return err
}

// noDeviceLocked returns why no device is in use.
func (impl *Implementation) noDeviceLocked() error {
	if impl.err != nil {
		return impl.err
	}
	return ErrNoDevice
}

// MatMul computes dst = a·b on the device, whatever the sizes, and returns
// an error instead of falling back to the CPU: the notebooks use it to show
// the device at work. dst must be empty (it is then resized) or of size
// rows(a)×cols(b); it may share memory with a or b, which are read before
// dst is written. MatMul panics with mat.ErrShape when the sizes do not
// match and mat.ErrZeroLength when a or b is empty.
func (impl *Implementation) MatMul(dst, a, b *mat.Dense) error {
	if a.IsEmpty() || b.IsEmpty() {
		panic(mat.ErrZeroLength)
	}
	m, k := a.Dims()
	kb, n := b.Dims()
	if k != kb {
		panic(mat.ErrShape)
	}
	if dst.IsEmpty() {
		dst.ReuseAs(m, n)
	} else if r, c := dst.Dims(); r != m || c != n {
		panic(mat.ErrShape)
	}
	ra, rb, rc := a.RawMatrix(), b.RawMatrix(), dst.RawMatrix()
	for _, v := range []int{m, n, k, ra.Stride, rb.Stride, rc.Stride, m * k, k * n, m * n} {
		if v > math.MaxInt32 {
			return fmt.Errorf("gpu: MatMul: %d×%d by %d×%d exceeds the 32-bit sizes of cuBLAS", m, k, k, n)
		}
	}
	impl.mu.Lock()
	defer impl.mu.Unlock()
	if impl.dev == nil {
		return impl.noDeviceLocked()
	}
	err := impl.dev.dgemm(false, false, m, n, k, 1, ra.Data, ra.Stride, rb.Data, rb.Stride, 0, rc.Data, rc.Stride)
	if err != nil {
		impl.failLocked(err, footprint(m, n, k))
	}
	return err
}

// DeviceInfo describes the device and the libraries that drive it.
type DeviceInfo struct {
	Name                    string  // such as "NVIDIA H100 80GB HBM3"
	TotalMemory, FreeMemory uint64  // device memory in bytes
	Driver                  Version // the newest CUDA version the driver supports
	Runtime                 Version // the CUDA runtime's version
	CUBLAS                  Version // cuBLAS's version
	RuntimeLibrary          string  // the CUDA runtime file loaded
	CUBLASLibrary           string  // the cuBLAS file loaded
}

// String returns a one-line summary such as
// "NVIDIA H100 80GB HBM3, 79.1 GiB (78.6 GiB free); CUDA driver 13.0, runtime 13.0, cuBLAS 13.1.2".
func (d DeviceInfo) String() string {
	const gib = 1 << 30
	return fmt.Sprintf("%s, %.1f GiB (%.1f GiB free); CUDA driver %v, runtime %v, cuBLAS %v",
		d.Name, float64(d.TotalMemory)/gib, float64(d.FreeMemory)/gib, d.Driver, d.Runtime, d.CUBLAS)
}

// Version is a library version.
type Version struct {
	Major, Minor, Patch int
}

// String returns "major.minor", or "major.minor.patch" when Patch is set.
func (v Version) String() string {
	if v.Patch != 0 {
		return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
	}
	return fmt.Sprintf("%d.%d", v.Major, v.Minor)
}

// Info describes the device in use. It returns an error matching
// [ErrNoDevice] (or the failure that turned the device off) when
// products run on the CPU.
func (impl *Implementation) Info() (DeviceInfo, error) {
	impl.mu.Lock()
	defer impl.mu.Unlock()
	if impl.dev == nil {
		return DeviceInfo{}, impl.noDeviceLocked()
	}
	return impl.dev.info()
}
