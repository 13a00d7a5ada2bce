package live

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestExportCache checks that a listed package is used from the export
// cache only while its archive, its dependencies' and its sources are as
// they were listed.
func TestExportCache(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Package example.com/m/a (local sources) imports fmt (standard).
	src := write("a/a.go", "package a\n")
	fmtArchive, aArchive := write("cache/fmt-d", "fmt archive"), write("cache/a-d", "a archive")
	a := listedPackage{ImportPath: "example.com/m/a", Export: aArchive, Dir: filepath.Dir(src), Deps: []string{"fmt"}, GoFiles: []string{"a.go"}}
	a.Module = &struct{ GoMod string }{write("go.mod", "module example.com/m\n")}
	fmtPkg := listedPackage{ImportPath: "fmt", Export: fmtArchive, Standard: true}
	listed := map[string]cachedPackage{}
	for _, p := range []listedPackage{a, fmtPkg} {
		cp, ok := p.cached()
		if !ok {
			t.Fatalf("%s: cannot stamp its files", p.ImportPath)
		}
		listed[p.ImportPath] = cp
	}
	if n := len(listed["fmt"].Stamps); n != 0 {
		t.Errorf("fmt, a standard package, has %d stamps, want none", n)
	}
	file := filepath.Join(dir, "exports.json")
	if err := writeExportCache(file, listed); err != nil {
		t.Fatal(err)
	}
	closure := func() (map[string]string, bool) {
		return readExportCache(file).closure("example.com/m/a", map[string]bool{})
	}
	files, ok := closure()
	if !ok || files["example.com/m/a"] != aArchive || files["fmt"] != fmtArchive {
		t.Fatalf("closure = %v, %v; want both archives", files, ok)
	}
	// A source edited after the listing.
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(src, later, later); err != nil {
		t.Fatal(err)
	}
	if _, ok := closure(); ok {
		t.Errorf("a package whose source changed was used from the cache")
	}
	// Listed again: sound again. Then a dependency's archive goes (the
	// build cache was trimmed).
	if cp, ok := a.cached(); ok {
		listed["example.com/m/a"] = cp
	}
	if err := writeExportCache(file, listed); err != nil {
		t.Fatal(err)
	}
	if _, ok := closure(); !ok {
		t.Fatalf("a package listed again is not used")
	}
	if err := os.Remove(fmtArchive); err != nil {
		t.Fatal(err)
	}
	if _, ok := closure(); ok {
		t.Errorf("a package whose dependency's archive is gone was used from the cache")
	}
	// Writing drops the unsound entries and those that depend on them.
	if err := writeExportCache(file, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(readExportCache(file).Packages); n != 0 {
		t.Errorf("%d packages kept after fmt's archive went, want 0", n)
	}
	// A file of another format is an empty cache.
	write("exports.json", `{"Format":"other","Packages":{"fmt":{}}}`)
	if n := len(readExportCache(file).Packages); n != 0 {
		t.Errorf("a cache of another format gave %d packages", n)
	}
}
