// Package dltest helps tests of library searches: it lays out files that
// look like shared libraries by name but are none.
package dltest

import (
	"os"
	"path/filepath"
	"testing"
)

// Touch creates dir and, in it, the named files holding text that is no
// shared library, so that a search finds them and opening them fails.
func Touch(t testing.TB, dir string, names ...string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("not a shared library\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
