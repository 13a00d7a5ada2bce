package dl

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/internal/dl/dltest"
)

// recorder is an Opener that records each path and fails, except for the
// paths in ok.
type recorder struct {
	tried []string
	ok    map[string]bool
}

func (r *recorder) open(path string) (*Library, error) {
	r.tried = append(r.tried, path)
	if r.ok[path] {
		return &Library{Path: path}, nil
	}
	if !strings.Contains(path, "/") {
		return nil, fmt.Errorf("%s: cannot open shared object file: No such file or directory", path)
	}
	return nil, fmt.Errorf("%s: invalid ELF header", path)
}

var libcublas = Spec{
	Name:      "libcublas",
	Names:     []string{"libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"},
	Companion: "libcublasLt",
}

func TestFindOrder(t *testing.T) {
	tmp := t.TempDir()
	first, second, empty := filepath.Join(tmp, "first"), filepath.Join(tmp, "second"), filepath.Join(tmp, "empty")
	dltest.Touch(t, first, "libcublas.so.11", "libcublasLt.so.11", "libcublas.so")
	dltest.Touch(t, second, "libcublas.so.13", "libcublasLt.so.13", "libcublas.so.12")
	dltest.Touch(t, empty)
	s := Search{Dirs: []string{first, empty, second}, LoaderPath: true}

	r := &recorder{}
	_, err := s.Find(libcublas, r.open, nil)
	want := []string{
		// Each folder in turn, newest file name first; the companion
		// libcublasLt comes from the same folder, before libcublas. The
		// companions fail in the recorder, so their libcublas files are
		// skipped; the unversioned link in first has none.
		filepath.Join(first, "libcublasLt.so.11"),
		filepath.Join(first, "libcublas.so"),
		filepath.Join(second, "libcublasLt.so.13"),
		filepath.Join(second, "libcublas.so.12"),
		// The dynamic loader's path last, unversioned last.
		"libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so",
	}
	if !slices.Equal(r.tried, want) {
		t.Errorf("tried\n%s\nwant\n%s", strings.Join(r.tried, "\n"), strings.Join(want, "\n"))
	}
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("err = %v, want a *NotFoundError", err)
	}
	if len(nf.Failed) != 4 {
		t.Errorf("Failed = %q, want the 4 files that exist", nf.Failed)
	}

	r = &recorder{ok: map[string]bool{
		filepath.Join(second, "libcublasLt.so.13"): true,
		filepath.Join(second, "libcublas.so.13"):   true,
		"libcublas.so.12":                          true,
	}}
	l, err := s.Find(libcublas, r.open, nil)
	if err != nil || l.Path != filepath.Join(second, "libcublas.so.13") {
		t.Errorf("Find = %v, %v; want %s", l, err, filepath.Join(second, "libcublas.so.13"))
	}
}

// TestFindAccept checks that a library accept refuses is passed over for
// the next one, and that the refusal is reported when none is taken.
func TestFindAccept(t *testing.T) {
	dir := t.TempDir()
	dltest.Touch(t, dir, "libx.so.2", "libx.so.1")
	spec := Spec{Name: "libx", Names: []string{"libx.so.2", "libx.so.1"}}
	s := Search{Dirs: []string{dir}, LoaderPath: true}
	ok := map[string]bool{filepath.Join(dir, "libx.so.2"): true, filepath.Join(dir, "libx.so.1"): true, "libx.so.2": true}
	refuse := func(path string) func(*Library) error {
		return func(l *Library) error {
			if strings.HasSuffix(l.Path, path) {
				return errors.New("driver too old")
			}
			return nil
		}
	}
	l, err := s.Find(spec, (&recorder{ok: ok}).open, refuse("libx.so.2"))
	if err != nil || l.Path != filepath.Join(dir, "libx.so.1") {
		t.Errorf("Find = %v, %v; want %s", l, err, filepath.Join(dir, "libx.so.1"))
	}
	_, err = s.Find(spec, (&recorder{ok: ok}).open, func(*Library) error { return errors.New("driver too old") })
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("err = %v, want a *NotFoundError", err)
	}
	want := []string{
		filepath.Join(dir, "libx.so.2") + ": driver too old",
		filepath.Join(dir, "libx.so.1") + ": driver too old",
		"libx.so.2: driver too old",
	}
	if !slices.Equal(nf.Failed, want) {
		t.Errorf("Failed = %q, want %q", nf.Failed, want)
	}
}

func TestNotFoundErrorMessage(t *testing.T) {
	for _, test := range []struct {
		err  *NotFoundError
		want string
	}{
		{
			err:  &NotFoundError{Library: "libcudart", Searched: []string{"/a", "/b"}, LoaderPath: true, Names: []string{"libcudart.so.13", "libcudart.so"}},
			want: "library libcudart not found (searched: /a, /b, then the loader path; names: libcudart.so.13, libcudart.so)",
		},
		{
			err:  &NotFoundError{Library: "libopenblas", LoaderPath: true, Names: []string{"libopenblas.so.0"}},
			want: "library libopenblas not found (searched: the loader path; names: libopenblas.so.0)",
		},
		{
			err: &NotFoundError{Library: "libcublas", Searched: []string{"/c"}, Names: []string{"libcublas.so.12"},
				Failed: []string{"/c/libcublas.so.12: libcublasLt.so.12: cannot open shared object file"}},
			want: "library libcublas found but not loaded (/c/libcublas.so.12: libcublasLt.so.12: " +
				"cannot open shared object file) (searched: /c; names: libcublas.so.12)",
		},
	} {
		if got := test.err.Error(); got != test.want {
			t.Errorf("got  %s\nwant %s", got, test.want)
		}
	}
}
