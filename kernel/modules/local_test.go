package modules

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestLocalDirs(t *testing.T) {
	dir := t.TempDir()
	gomod := "module nnbook.session\n\ngo 1.26\n\nrequire (\n\texample.test/a v0.0.0\n\texample.test/b v1.0.0\n)\n\n" +
		"replace example.test/a => ../a\n\nreplace example.test/b => example.test/c v1.2.0\n\nreplace example.test/d => /abs/d\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := LocalDirs(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(filepath.Dir(dir), "a"), "/abs/d"}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("LocalDirs = %q, want %q (directories only, made absolute)", got, want)
	}
}

func TestChangedSince(t *testing.T) {
	dir := t.TempDir()
	write := func(name string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.go")
	write("sub/b.go")
	since := time.Now()
	time.Sleep(10 * time.Millisecond)
	if ChangedSince([]string{dir}, since) {
		t.Error("ChangedSince with nothing modified = true")
	}
	for _, ignored := range []string{"a_test.go", "README.md", "testdata/x.go", ".git/y.go", "_old/z.go"} {
		write(ignored)
	}
	if ChangedSince([]string{dir}, since) {
		t.Error("ChangedSince counts tests, documents, testdata, hidden or _ directories")
	}
	write("sub/b.go")
	if !ChangedSince([]string{filepath.Join(dir, "missing"), dir}, since) {
		t.Error("ChangedSince missed an edited source file")
	}
}

// BenchmarkChangedSince measures the look for edits that a live session
// makes before each cell, over nnbook's own source tree (replaced by a
// directory when the kernel runs from a clone).
func BenchmarkChangedSince(b *testing.B) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		b.Fatal(err)
	}
	future := time.Now().Add(time.Hour)
	for b.Loop() {
		if ChangedSince([]string{root}, future) {
			b.Fatal("a file modified in the future")
		}
	}
}
