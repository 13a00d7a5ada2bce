// Package dl opens shared libraries at run time (dlopen) and finds them in
// a list of folders by their file names, for the packages that drive a
// native library without linking it: gpu (the CUDA runtime and cuBLAS) and
// gpu/backend (OpenBLAS, BLIS, MKL, Accelerate).
//
// Opening needs cgo. Without it the package still builds: [Open] returns
// [ErrNoCgo], and a search reports every library as not loaded for that
// reason.
package dl
