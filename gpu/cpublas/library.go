package cpublas

import (
	"path/filepath"
	"runtime"

	"github.com/nnbook/nnbook/internal/dl"
)

// EnvLibrary names the environment variable that gives [New] the BLAS
// library to load: a file path (or a file name for the dynamic loader's
// path). When it is set, nothing else is tried:
//
//	NNBOOK_BLAS_LIB=/opt/intel/oneapi/mkl/latest/lib/libmkl_rt.so.2 jupyter lab
//
// When it is not set, New tries, in order, OpenBLAS, Intel MKL and BLIS on
// Linux and Apple's Accelerate on macOS, each in the places that
// [SearchDirs] lists and then on the dynamic loader's path, and takes the
// first library that loads and has the CBLAS entry points it calls.
const EnvLibrary = "NNBOOK_BLAS_LIB"

// candidates are the libraries New tries, in order, on goos. OpenBLAS
// comes first: it is fast on every x86 and ARM CPU and is one apt-get
// away (libopenblas0); MKL can be faster on Intel CPUs but is rarely
// installed; BLIS is a good third.
func candidates(goos string) []dl.Spec {
	if goos == "darwin" {
		return []dl.Spec{{
			Name:  "Accelerate",
			Names: []string{"/System/Library/Frameworks/Accelerate.framework/Accelerate"},
		}}
	}
	return []dl.Spec{
		{Name: "libopenblas", Names: []string{"libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0", "libopenblaso.so.0"}},
		{Name: "libmkl_rt", Names: []string{"libmkl_rt.so.2", "libmkl_rt.so.1", "libmkl_rt.so"}},
		{Name: "libblis", Names: []string{"libblis.so.4", "libblis.so.3", "libblis.so", "libblis-mt.so.4"}},
	}
}

// SearchDirs lists the folders New searches for the libraries, in order,
// reading environment variables through getenv (os.Getenv in New):
//
//  1. the active conda environment's lib folder ($CONDA_PREFIX/lib) and
//     virtual environment's ($VIRTUAL_ENV/lib), where a Python stack may
//     have brought MKL or OpenBLAS;
//  2. Debian's and Ubuntu's multiarch folder (/usr/lib/x86_64-linux-gnu
//     on amd64) and its openblas-pthread, openblas-openmp, blis-pthread
//     and blis-openmp subfolders, where libopenblas0 and libblis4 install;
//  3. /usr/lib64 and /usr/local/lib (Fedora, source builds), /opt/OpenBLAS/lib,
//     and oneAPI's /opt/intel/oneapi/mkl/latest/lib (and lib/intel64);
//  4. Homebrew's /opt/homebrew/opt/openblas/lib and
//     /usr/local/opt/openblas/lib on macOS.
//
// The dynamic loader's path (LD_LIBRARY_PATH, ld.so.cache) comes after
// them. Folders that do not exist are kept: the error lists them.
func SearchDirs(getenv func(string) string) []string {
	var dirs []string
	add := func(ds ...string) {
		for _, d := range ds {
			if d != "" {
				dirs = append(dirs, filepath.Clean(d))
			}
		}
	}
	for _, v := range []string{"CONDA_PREFIX", "VIRTUAL_ENV"} {
		if p := getenv(v); p != "" {
			add(filepath.Join(p, "lib"))
		}
	}
	if triplet, ok := dl.Triplets[runtime.GOARCH]; ok {
		base := filepath.Join("/usr/lib", triplet)
		add(base)
		for _, sub := range []string{"openblas-pthread", "openblas-openmp", "blis-pthread", "blis-openmp"} {
			add(filepath.Join(base, sub))
		}
	}
	add("/usr/lib64", "/usr/local/lib", "/opt/OpenBLAS/lib",
		"/opt/intel/oneapi/mkl/latest/lib", "/opt/intel/oneapi/mkl/latest/lib/intel64")
	if runtime.GOOS == "darwin" {
		add("/opt/homebrew/opt/openblas/lib", "/usr/local/opt/openblas/lib")
	}
	return dirs
}

// explicit returns the search and spec for the library that $NNBOOK_BLAS_LIB
// names: that file alone.
func explicit(path string) (dl.Search, dl.Spec) {
	spec := dl.Spec{Name: path, Names: []string{filepath.Base(path)}}
	if filepath.Base(path) == path {
		return dl.Search{LoaderPath: true}, spec
	}
	return dl.Search{Dirs: []string{filepath.Dir(path)}}, spec
}

// find loads the library New uses: $NNBOOK_BLAS_LIB's, else the first of
// the candidates that loads from dirs or the loader's path and passes
// accept. It returns every search's error when none does.
func find(getenv func(string) string, goos string, dirs []string, open dl.Opener, accept func(*dl.Library) error) (*dl.Library, error) {
	if path := getenv(EnvLibrary); path != "" {
		s, spec := explicit(path)
		l, err := s.Find(spec, open, accept)
		if err != nil {
			return nil, newLibraryError(EnvLibrary+"="+path, err)
		}
		return l, nil
	}
	s := dl.Search{Dirs: dirs, LoaderPath: true}
	var errs []error
	for _, spec := range candidates(goos) {
		if goos == "darwin" {
			s = dl.Search{LoaderPath: true} // the framework's path is absolute
		}
		l, err := s.Find(spec, open, accept)
		if err == nil {
			return l, nil
		}
		errs = append(errs, err)
	}
	return nil, newLibraryError("", errs...)
}
