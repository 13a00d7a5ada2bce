package dl

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// ErrNoCgo reports that the program was built without cgo (CGO_ENABLED=0
// or no C compiler), so that no shared library can be opened.
var ErrNoCgo = errors.New("built without cgo, so no shared library can be loaded (rebuild with CGO_ENABLED=1 and a C compiler)")

// Library is a shared library opened with dlopen. It is never closed: the
// libraries stay loaded for the life of the process, as the objects they
// create (a CUDA context, a BLAS thread pool) outlive their callers.
type Library struct {
	h    uintptr
	Path string // the path or file name given to Open
}

// Handle returns the handle dlopen returned, for C code that calls dlsym
// itself. The zero Library's handle is 0.
func (l *Library) Handle() uintptr { return l.h }

// Spec names a shared library and the file names it goes by.
type Spec struct {
	Name string // such as "libcudart", for messages
	// Names are the file names to try in each place, in order of
	// preference (newest major version first, an unversioned development
	// link last).
	Names []string
	// Companion, when set, is a library that Name needs from its own
	// folder: the file of the same name with Name replaced by Companion
	// (libcublasLt.so.12 beside libcublas.so.12) is opened first.
	Companion string
}

// Search says where to look for a library.
type Search struct {
	Dirs       []string // folders, in order
	LoaderPath bool     // then ask the dynamic loader for each file name
}

// Opener opens a shared library; [Open] is the real one.
type Opener func(path string) (*Library, error)

// Find opens the first of spec's files that loads and that accept takes:
// every file name in each folder in turn (files that do not exist are
// skipped), then, if s says so, every file name through the dynamic
// loader's path. accept, when not nil, checks a library that loaded (that
// it has the entry points needed, that its driver is recent enough); when
// it returns an error, the search goes on and the error is reported with
// the file. The error is a [*NotFoundError].
func (s Search) Find(spec Spec, open Opener, accept func(*Library) error) (*Library, error) {
	var failed []string
	try := func(path string) *Library {
		l, err := open(path)
		if err == nil && accept != nil {
			err = accept(l)
		}
		if err != nil {
			// "name: cannot open shared object file" from the loader's
			// path only says that the loader has no such file; any other
			// reason is worth showing.
			if strings.Contains(path, "/") || !strings.HasPrefix(err.Error(), path+": cannot open shared object file") {
				failed = append(failed, withPath(path, err))
			}
			return nil
		}
		return l
	}
	for _, dir := range s.Dirs {
		for _, name := range spec.Names {
			path := filepath.Join(dir, name)
			if _, err := os.Stat(path); err != nil {
				continue
			}
			if spec.Companion != "" {
				// Load the companion from the same folder first, so that
				// the library's dependency on it is met even where the
				// folder is not on the loader's path.
				companion := filepath.Join(dir, strings.Replace(name, spec.Name, spec.Companion, 1))
				if _, err := os.Stat(companion); err == nil {
					if _, err := open(companion); err != nil {
						failed = append(failed, withPath(companion, err))
						continue
					}
				}
			}
			if l := try(path); l != nil {
				return l, nil
			}
		}
	}
	if s.LoaderPath {
		for _, name := range spec.Names {
			if l := try(name); l != nil {
				return l, nil
			}
		}
	}
	return nil, &NotFoundError{
		Library:    spec.Name,
		Searched:   s.Dirs,
		LoaderPath: s.LoaderPath,
		Names:      spec.Names,
		Failed:     failed,
	}
}

// withPath returns the message of err, starting with path.
func withPath(path string, err error) string {
	msg := err.Error()
	if strings.HasPrefix(msg, path) {
		return msg
	}
	return path + ": " + msg
}

// NotFoundError reports that no file of a library loaded. Packages that
// export their own error type for this declare it with the same fields, so
// that each converts to the other.
type NotFoundError struct {
	Library    string   // such as "libcudart"
	Searched   []string // the folders searched, in order
	LoaderPath bool     // whether the dynamic loader's own path was searched last
	Names      []string // the file names tried in each place, in order
	Failed     []string // files that were found but did not load or were refused, each with the reason
}

// Error says which library is missing and where it was looked for, such as
// "library libcudart not found (searched: /a, /b, then the loader path;
// names: libcudart.so.13, libcudart.so)".
func (e *NotFoundError) Error() string {
	var b strings.Builder
	b.WriteString("library " + e.Library + " ")
	if len(e.Failed) > 0 {
		b.WriteString("found but not loaded (" + strings.Join(e.Failed, "; ") + ") ")
	} else {
		b.WriteString("not found ")
	}
	b.WriteString("(searched: " + strings.Join(e.Searched, ", "))
	if e.LoaderPath {
		if len(e.Searched) > 0 {
			b.WriteString(", then ")
		}
		b.WriteString("the loader path")
	}
	b.WriteString("; names: " + strings.Join(e.Names, ", ") + ")")
	return b.String()
}

// Glob returns the matches of pattern, or none when the pattern is
// malformed (callers pass constant patterns).
func Glob(pattern string) []string {
	m, err := filepath.Glob(pattern)
	if err != nil {
		return nil
	}
	return m
}

// Triplets maps GOARCH to Debian's multiarch folder name under /usr/lib,
// where distributions install shared libraries.
var Triplets = map[string]string{
	"amd64":   "x86_64-linux-gnu",
	"arm64":   "aarch64-linux-gnu",
	"ppc64le": "powerpc64le-linux-gnu",
}
