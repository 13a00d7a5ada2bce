package dl

import (
	"errors"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/internal/dl/dltest"
)

// TestFindFakeLibrary feeds the real loader a file that is no library.
func TestFindFakeLibrary(t *testing.T) {
	dir := t.TempDir()
	dltest.Touch(t, dir, "libcudart.so.12")
	spec := Spec{Name: "libcudart", Names: []string{"libcudart.so.12"}}
	_, err := Search{Dirs: []string{dir}}.Find(spec, Open, nil)
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("err = %v, want a *NotFoundError", err)
	}
	path := filepath.Join(dir, "libcudart.so.12")
	if len(nf.Failed) != 1 || !strings.HasPrefix(nf.Failed[0], path+": ") {
		t.Fatalf("Failed = %q, want one entry for %s with the loader's reason", nf.Failed, path)
	}
	if runtime.GOOS == "linux" && !cgoEnabled && !strings.Contains(nf.Failed[0], "built without cgo") {
		t.Errorf("Failed = %q, want the reason: built without cgo", nf.Failed)
	}
}

// TestOpenLibc opens the C library and looks up a symbol it has and one it
// has not.
func TestOpenLibc(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the C library's file name is Linux's")
	}
	l, err := Open("libc.so.6")
	if !cgoEnabled {
		if !errors.Is(err, ErrNoCgo) {
			t.Fatalf("Open without cgo = %v, want ErrNoCgo", err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if p, err := l.Symbol("strlen"); err != nil || p == 0 {
		t.Errorf("Symbol(strlen) = %#x, %v", p, err)
	}
	if _, err := l.Symbol("nb_no_such_symbol"); err == nil || err.Error() != "libc.so.6 lacks nb_no_such_symbol" {
		t.Errorf("Symbol(nb_no_such_symbol) error = %v, want \"libc.so.6 lacks nb_no_such_symbol\"", err)
	}
}
