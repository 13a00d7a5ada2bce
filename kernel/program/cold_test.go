package program

import (
	"testing"
	"time"
)

// TestColdLookup checks that the first completion and inspection of a fresh
// session, which scan the standard library and the module graph and parse
// the package, stay interactive.
func TestColdLookup(t *testing.T) {
	s, err := NewSession(Config{ProjectDir: "../.."})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const limit = 3 * time.Second // generous: the machine may be busy
	start := time.Now()
	if got := s.Complete("mat.NewDen", 10).Matches; len(got) != 1 {
		t.Fatalf("Complete(mat.NewDen) = %q", got)
	}
	cold := time.Since(start)
	start = time.Now()
	if _, ok := s.Inspect("fmt.Println", 11, 0); !ok {
		t.Fatal("Inspect(fmt.Println): not found")
	}
	t.Logf("first completion %v, first inspection of another package %v", cold, time.Since(start))
	if cold > limit {
		t.Errorf("first completion took %v, want under %v", cold, limit)
	}
}
