package program

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSessionDir(t *testing.T) {
	s, err := NewSession(Config{ProjectDir: "../.."})
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(s.dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o700 {
		t.Errorf("session directory mode %v, want 0700", perm)
	}
	gomod, err := os.ReadFile(filepath.Join(s.dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("../..")
	for _, want := range []string{"require github.com/nnbook/nnbook v0.0.0", "replace github.com/nnbook/nnbook => " + abs} {
		if !strings.Contains(string(gomod), want) {
			t.Errorf("go.mod\n%s\nlacks %q", gomod, want)
		}
	}
	if _, err := os.Stat(filepath.Join(s.dir, "go.sum")); err != nil {
		t.Errorf("go.sum not copied: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after Close, stat of the session directory: %v, want it gone", err)
	}
}
