package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records failures instead of stopping.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.golden")
	if err := os.WriteFile(path, []byte("want\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path       string
		got        string
		wantFailed bool
	}{
		{path, "want\n", false},
		{path, "other\n", true},
		{path + ".missing", "want\n", true},
	}
	for _, tt := range tests {
		r := &recorder{TB: t}
		Check(r, tt.path, []byte(tt.got))
		if r.failed != tt.wantFailed {
			t.Errorf("Check(%s, %q): failed = %v, want %v", filepath.Base(tt.path), tt.got, r.failed, tt.wantFailed)
		}
	}
}
