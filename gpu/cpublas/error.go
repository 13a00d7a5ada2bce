package cpublas

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nnbook/nnbook/internal/dl"
)

// ErrNoLibrary reports that no CPU BLAS library could be loaded. A
// [*LibraryError] matches it with errors.Is, and so does New's error in a
// build without cgo.
var ErrNoLibrary = errors.New("cpublas: no CPU BLAS library")

// LibraryError reports that no CPU BLAS library loaded, and where each was
// looked for.
type LibraryError struct {
	// Explicit is "NNBOOK_BLAS_LIB=path" when that variable named the
	// file, the only one then tried; empty otherwise.
	Explicit string
	// Libraries are the searches made, one per library, in order.
	Libraries []Search
}

// Search is one library's search: where it was looked for and why the
// files found did not load.
type Search struct {
	Library    string   // such as "libopenblas"
	Searched   []string // the folders searched, in order
	LoaderPath bool     // whether the dynamic loader's own path was searched last
	Names      []string // the file names tried in each place, in order
	Failed     []string // files that were found but did not load or lacked an entry point, each with the reason
}

// newLibraryError collects the searches' errors.
func newLibraryError(explicit string, errs ...error) *LibraryError {
	e := &LibraryError{Explicit: explicit}
	for _, err := range errs {
		var nf *dl.NotFoundError
		if errors.As(err, &nf) {
			e.Libraries = append(e.Libraries, Search(*nf))
		} else {
			e.Libraries = append(e.Libraries, Search{Library: "?", Failed: []string{err.Error()}})
		}
	}
	return e
}

// Error lists every search and says how to get a library, such as
// "cpublas: no CPU BLAS library: library libopenblas not found (searched:
// …; names: libopenblas.so.0, …); …; install one (Debian and Ubuntu:
// apt-get install libopenblas0) or set NNBOOK_BLAS_LIB to its file".
func (e *LibraryError) Error() string {
	parts := make([]string, len(e.Libraries))
	for i, s := range e.Libraries {
		nf := dl.NotFoundError(s)
		parts[i] = nf.Error()
	}
	if e.Explicit != "" {
		return fmt.Sprintf("%v: %s: %s; point %s at a CBLAS library (OpenBLAS, MKL's libmkl_rt, BLIS) or unset it",
			ErrNoLibrary, e.Explicit, strings.Join(parts, "; "), EnvLibrary)
	}
	return fmt.Sprintf("%v: %s; install one (Debian and Ubuntu: apt-get install libopenblas0) or set %s to its file",
		ErrNoLibrary, strings.Join(parts, "; "), EnvLibrary)
}

// Is reports whether target is ErrNoLibrary.
func (e *LibraryError) Is(target error) bool { return target == ErrNoLibrary }
