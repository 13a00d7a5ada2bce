// Package gpu runs gonum's matrix products on an NVIDIA GPU through cuBLAS.
//
// [Implementation] is gonum's pure-Go BLAS
// ([gonum.org/v1/gonum/blas/gonum.Implementation], embedded) with Dgemm
// sent to cuBLAS when a product is large enough to pay for the trip.
// Installed with blas64.Use, it serves every general dense product that
// gonum computes (mat.Dense.Mul and everything built on it, nnkit's layers
// included), and no other code changes:
//
//	impl, err := gpu.New()
//	if err != nil {
//		fmt.Println("products stay on the CPU:", err)
//	}
//	blas64.Use(impl)
//
// New always returns a usable Implementation: without a device it computes
// every product on the CPU. The zero Implementation does the same.
//
// # CUDA loaded at run time
//
// The package uses cgo but links only the C library. Built without cgo
// (CGO_ENABLED=0), it still compiles: New then returns an error matching
// [ErrNoDevice] that says "built without cgo", and every product runs on
// the CPU. New opens the CUDA
// runtime (libcudart) and cuBLAS (libcublas) with dlopen and resolves the
// few entry points it calls; their prototypes are declared in the package,
// so no CUDA header is needed. The package therefore builds, and its CPU
// path is tested, on machines without CUDA or a GPU. New looks for CUDA 13,
// 12 and 11 in $NNBOOK_CUDA_LIB_DIR, the CUDA install folders, the system
// library folders and NVIDIA's Python wheels, then on the dynamic loader's
// path; [EnvLibDir] gives the order. A runtime that the driver is too old
// for (cudaErrorInsufficientDriver) is passed over for the next one found.
//
// # Row-major products on a column-major library
//
// gonum stores matrices row-major and cuBLAS reads them column-major. Read
// column-major, a row-major m×n matrix is its n×m transpose, so for
//
//	C = α·op(A)·op(B) + β·C
//
// Dgemm asks cuBLAS for
//
//	Cᵀ = α·op(B)ᵀ·op(A)ᵀ + β·Cᵀ
//
// with A and B swapped, m and n swapped and the transpose flags as given:
// nothing is transposed in memory. Each operand is copied to the device
// packed (its leading dimension becomes its row length) and C is copied
// back into the caller's rows, leaving the padding between them alone. A
// contiguous operand goes as one flat copy; a padded one row by row (a 2D
// copy, whose row pitch CUDA limits to 2 GiB).
//
// # When the device pays: Threshold
//
// A product of an m×k and a k×n matrix costs 2·m·n·k floating-point
// operations. On the device it also costs copying 8·(m·k + k·n + m·n)
// bytes over the PCIe bus (from Go's pageable memory, about 10–25 GB/s)
// and a fixed overhead of some tens of microseconds for the calls and the
// final synchronisation, while the device's own arithmetic time is
// negligible at these sizes. gonum's Dgemm runs at about 3–6 GFLOP/s per
// core. For square products on a 16-core machine (about 50 GFLOP/s):
//
//	t_cpu ≈ 2n³ / (50·10⁹ FLOP/s)
//	t_gpu ≈ 24n² bytes / (15·10⁹ bytes/s) + 30 µs
//
// The two cross near n ≈ 110, and at smaller n on machines with fewer
// cores. [DefaultThreshold] is m·n·k ≥ 128³ (2 097 152): smaller products
// stay on the CPU, where the copies would cost more than the arithmetic
// saves. m·n·k alone misjudges thin products: the arithmetic per byte
// copied,
//
//	2·m·n·k / (8·(m·k + k·n + m·n))  ≈  min(m, n, k) / 4  (for one thin side),
//
// is what decides, and 1×4096 by 4096×4096 has m·n·k = 4096² ≥ 128³ but
// moves 128 MiB for 33 MFLOP. So each of m, n and k must also reach
// [DefaultMinDim] (32, about 8 FLOP per byte; nnkit's mini-batches of 64
// qualify). BenchmarkDgemm measures both paths for n = 64 … 8192 on a
// given machine; set [Implementation.Threshold] and
// [Implementation.MinDim] from its crossover.
//
// # Errors
//
// Misuse panics exactly as gonum's Dgemm does, with gonum's messages: the
// arguments are checked in Go before any call into C. The environment is
// reported through errors. [ErrNoDevice] matches every "no usable device"
// error from New, including [*LibraryError], which lists where the
// libraries were looked for. A failing CUDA or cuBLAS call is an [*Error]
// naming the call and its status; [ErrOutOfMemory] matches the
// allocation failures. Dgemm cannot return an error: when the device
// fails, it computes that product on the CPU and records the failure,
// which [Implementation.Err] returns. After running out of memory the
// device keeps computing smaller products; after any other failure every
// product runs on the CPU.
//
// # Memory and concurrency
//
// The device buffers for A, B and C only grow, so repeated products of one
// size allocate once; [Implementation.Close] frees them. Each product waits
// for its stream before Dgemm returns, so the caller's slices are never
// touched afterwards. Products on the device run one at a time, guarded by
// a mutex; the CPU path runs concurrently as gonum's does.
package gpu
