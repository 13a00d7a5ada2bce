package cell

// ImportIndex finds the package a cell means when it uses a package name
// it did not import, as in rand.N(6) without an import of math/rand/v2. It
// knows the standard library of a toolchain and the packages of a
// project's module graph that are in the module cache, and reads their
// source lazily, so it needs neither the network nor a build. It is safe
// for concurrent use.
//
// Every executor resolves a cell's missing imports with an ImportIndex, so
// that every executor picks the same package for the same code.
type ImportIndex struct {
	ix *index
}

// NewImportIndex returns the index for the toolchain whose GOROOT is
// goroot, the module cache at modCache (GOMODCACHE) and the project module
// at projectDir, whose go.mod lists the modules whose packages take part.
// projectDir may be empty: then only the standard library is known.
func NewImportIndex(goroot, modCache, projectDir string) *ImportIndex {
	return &ImportIndex{ix: newIndex(goroot, modCache, projectDir)}
}

// Resolve returns the import path of the package named name that exports
// every name in sels, and false when there is none or the choice is
// ambiguous. A standard package wins over module packages, and a package
// of the project's own module over those of its dependencies. Where
// several standard packages share a name and all export sels, a fixed
// preference decides: math/rand/v2 over math/rand and crypto/rand,
// text/template over html/template, text/scanner over go/scanner and
// runtime/pprof over net/http/pprof.
func (x *ImportIndex) Resolve(name string, sels []string) (path string, ok bool) {
	return x.ix.resolve(name, sels)
}

// PackageName returns the name of the package at an import path: its
// package clause when the index can read it, or else the last element of
// the path.
func (x *ImportIndex) PackageName(path string) string {
	return x.ix.packageName(path)
}
