package cpublas

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/internal/dl"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// recorder is an opener that records each path and opens only those in ok.
type recorder struct {
	tried []string
	ok    map[string]bool
}

func (r *recorder) open(path string) (*dl.Library, error) {
	r.tried = append(r.tried, path)
	if r.ok[path] {
		return &dl.Library{Path: path}, nil
	}
	return nil, fmt.Errorf("%s: cannot open shared object file: No such file or directory", path)
}

func TestFindOrder(t *testing.T) {
	// No folder holds a library: each candidate is asked of the loader's
	// path in turn, OpenBLAS first, and the error lists every search.
	r := &recorder{ok: map[string]bool{"libmkl_rt.so.2": true}}
	empty := t.TempDir()
	l, err := find(env(nil), "linux", []string{empty}, r.open, nil)
	if err != nil || l.Path != "libmkl_rt.so.2" {
		t.Fatalf("find = %v, %v; want libmkl_rt.so.2", l, err)
	}
	if want := []string{"libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0", "libopenblaso.so.0", "libmkl_rt.so.2"}; !slices.Equal(r.tried, want) {
		t.Errorf("tried %q, want %q (folders hold none of them)", r.tried, want)
	}

	r = &recorder{}
	_, err = find(env(nil), "linux", []string{empty}, r.open, nil)
	var le *LibraryError
	if !errors.As(err, &le) || !errors.Is(err, ErrNoLibrary) {
		t.Fatalf("err = %v, want a *LibraryError matching ErrNoLibrary", err)
	}
	var names []string
	for _, s := range le.Libraries {
		names = append(names, s.Library)
	}
	if want := []string{"libopenblas", "libmkl_rt", "libblis"}; !slices.Equal(names, want) {
		t.Errorf("libraries searched %q, want %q", names, want)
	}
	if !slices.Equal(le.Libraries[0].Searched, []string{empty}) || !le.Libraries[0].LoaderPath {
		t.Errorf("searched %q (loader path %t), want %s then the loader path", le.Libraries[0].Searched, le.Libraries[0].LoaderPath, empty)
	}
	for _, want := range []string{"cpublas: no CPU BLAS library: library libopenblas not found (searched: ", "apt-get install libopenblas0", EnvLibrary} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

func TestFindExplicit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "libmine.so")
	r := &recorder{ok: map[string]bool{"libopenblas.so.0": true}}
	_, err := find(env(map[string]string{EnvLibrary: path}), "linux", nil, r.open, nil)
	if len(r.tried) != 0 {
		t.Errorf("tried %q; want nothing but %s, which does not exist", r.tried, path)
	}
	want := "cpublas: no CPU BLAS library: NNBOOK_BLAS_LIB=" + path + ": library " + path + " not found (searched: " + dir + "; names: libmine.so)"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v, want it to start %q", err, want)
	}

	r = &recorder{ok: map[string]bool{"libmine.so": true}}
	l, err := find(env(map[string]string{EnvLibrary: "libmine.so"}), "linux", nil, r.open, nil)
	if err != nil || l.Path != "libmine.so" {
		t.Errorf("find with a bare file name = %v, %v; want it from the loader's path", l, err)
	}
}

// TestNewExplicitNotBLAS points NNBOOK_BLAS_LIB at the C library, which
// loads but has no CBLAS.
func TestNewExplicitNotBLAS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the C library's file name is Linux's")
	}
	t.Setenv(EnvLibrary, "libc.so.6")
	impl, err := New()
	if !errors.Is(err, ErrNoLibrary) {
		t.Fatalf("New() = %v, want ErrNoLibrary", err)
	}
	want := "libc.so.6 lacks cblas_dgemm"
	if !cgoEnabled {
		want = "built without cgo"
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("New() = %q, want it to say %q", err, want)
	}
	// It still computes, in pure Go.
	c := []float64{1}
	impl.Dgemm('N', 'N', 1, 1, 1, 2, []float64{3}, 1, []float64{4}, 1, 1, c, 1)
	if c[0] != 25 {
		t.Errorf("Dgemm in pure Go: c = %v, want 25", c[0])
	}
}

func TestSearchDirs(t *testing.T) {
	got := SearchDirs(env(map[string]string{"CONDA_PREFIX": "/c", "VIRTUAL_ENV": "/v"}))
	want := []string{"/c/lib", "/v/lib"}
	if triplet, ok := dl.Triplets[runtime.GOARCH]; ok {
		want = append(want, "/usr/lib/"+triplet, "/usr/lib/"+triplet+"/openblas-pthread")
	}
	for i, w := range want {
		if i >= len(got) || got[i] != w {
			t.Fatalf("SearchDirs = %q, want it to start %q", got, want)
		}
	}
	if !slices.Contains(got, "/opt/intel/oneapi/mkl/latest/lib") {
		t.Errorf("SearchDirs = %q, want oneAPI's MKL folder", got)
	}
}
