// Package cpublas runs gonum's BLAS routines in a CPU BLAS library
// (OpenBLAS, Intel MKL, BLIS, or Apple's Accelerate) loaded at run time.
//
// [Implementation] is gonum's pure-Go BLAS
// ([gonum.org/v1/gonum/blas/gonum.Implementation], embedded) with the
// routines that dense products and nnkit's layers spend their time in
// (Dgemm, Dgemv, Dger, Dsyrk) sent to the library above measured sizes
// ([Thresholds]). Installed with blas64.Use, it serves every product that
// gonum computes, and no other code changes:
//
//	impl, err := cpublas.New()
//	if err != nil {
//		fmt.Println("pure Go:", err)
//	}
//	blas64.Use(impl)
//
// Package backend, beside this one, chooses between pure Go, this package
// and package gpu by name, and is what the kernel and notebooks use.
//
// # Loaded at run time
//
// New opens the library with dlopen and resolves its CBLAS entry points
// (cblas_dgemm, …) with dlsym; their prototypes are declared in the
// package, so no header and no link-time dependency is needed: the package
// builds and works, in pure Go, where no library is installed. On Debian
// and Ubuntu, apt-get install libopenblas0 is enough; macOS always has
// Accelerate. [EnvLibrary] names a library explicitly; [SearchDirs] lists
// where New looks. Built without cgo (CGO_ENABLED=0), New reports "built
// without cgo" and everything runs in pure Go.
//
// # Results
//
// The library computes the same products as gonum but sums in a different
// order (blocked, with fused multiply-adds), so results agree to rounding,
// not bit for bit: about 1e-15 relative for well-scaled data. Code that
// must reproduce results bit for bit, such as saved notebooks compared
// byte for byte, uses pure Go.
//
// # Threads
//
// The library computes with its own thread pool, by default one thread per
// core; [Implementation.SetThreads] changes it for the process (OpenBLAS's
// OPENBLAS_NUM_THREADS, MKL's MKL_NUM_THREADS and BLIS's BLIS_NUM_THREADS
// environment variables set it at start).
//
// # Errors
//
// Misuse panics exactly as gonum's routines do, with gonum's messages: the
// arguments are checked in Go before any call into C. A missing library is
// a [*LibraryError], matching [ErrNoLibrary], that lists each library and
// where it was looked for.
package cpublas
