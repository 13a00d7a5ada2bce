// Package golden compares test output with golden files in testdata, the
// way the standard library's tests do: `go test -update` rewrites them.
// Tests of several packages share it, so each golden test behaves the same.
package golden

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

// update is the project-wide -update flag of the test binaries that import
// this package.
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Updating reports whether -update was given, for tests that write golden
// files of their own kind (images, say).
func Updating() bool { return *update }

// Check compares got with the golden file at path, or writes got there under
// -update. A mismatch reports the file and got, and says how to accept it.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update rewrites it if the change is right)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
