package cell

import (
	"errors"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// index knows the packages a cell can import without network access: the
// standard library of the session's toolchain and the packages of the
// project's module graph that are in the module cache. It reads their
// source lazily and caches what it read.
type index struct {
	ctx     build.Context
	goroot  string
	modules []moduleRoot

	// mu guards byName, std and pkgs.
	mu     sync.Mutex
	std    []string            // names of standard packages, sorted; nil until computed
	byName map[string][]pkgDir // guessed package name → directories; nil until scanned
	pkgs   map[string]*pkgInfo // import path → loaded package; nil value: not a usable package
}

// moduleRoot is a module whose packages cells may import.
type moduleRoot struct {
	path, dir string
}

// pkgDir is a candidate package directory.
type pkgDir struct {
	path, dir string
	std       bool
}

// pkgInfo is a loaded package.
type pkgInfo struct {
	path    string
	name    string
	doc     *doc.Package
	fset    *token.FileSet
	exports []string // sorted exported names
}

// newIndex returns the index for the toolchain at goroot, the module cache
// at modCache and the project module at projectDir (may be empty).
func newIndex(goroot, modCache, projectDir string) *index {
	ix := &index{goroot: goroot, pkgs: map[string]*pkgInfo{}}
	ix.ctx = build.Default
	ix.ctx.GOROOT = goroot
	ix.ctx.GOPATH = ""
	ix.ctx.CgoEnabled = true
	if projectDir == "" {
		return ix
	}
	data, err := os.ReadFile(filepath.Join(projectDir, "go.mod"))
	if err != nil {
		return ix
	}
	mf, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil || mf.Module == nil {
		return ix
	}
	ix.modules = append(ix.modules, moduleRoot{path: mf.Module.Mod.Path, dir: projectDir})
	for _, r := range mf.Require {
		p, err1 := module.EscapePath(r.Mod.Path)
		v, err2 := module.EscapeVersion(r.Mod.Version)
		if err1 != nil || err2 != nil {
			continue
		}
		ix.modules = append(ix.modules, moduleRoot{path: r.Mod.Path, dir: filepath.Join(modCache, p+"@"+v)})
	}
	return ix
}

// scanLocked fills byName by walking GOROOT/src and the module roots.
func (ix *index) scanLocked() {
	if ix.byName != nil {
		return
	}
	ix.byName = map[string][]pkgDir{}
	ix.walk(filepath.Join(ix.goroot, "src"), "", true, true)
	for _, m := range ix.modules {
		ix.walk(m.dir, m.path, false, true)
	}
}

// walk records the package directories under dir, whose import path is
// importPath.
func (ix *index) walk(dir, importPath string, std, root bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	hasGo := false
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() {
			if name == "testdata" || name == "internal" || name == "vendor" || name == "cmd" ||
				strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				continue
			}
			sub := filepath.Join(dir, name)
			if _, err := os.Stat(filepath.Join(sub, "go.mod")); err == nil {
				continue // a nested module
			}
			ix.walk(sub, path.Join(importPath, name), std, false)
			continue
		}
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			hasGo = true
		}
	}
	if hasGo && !(root && std) && importPath != "" {
		n := GuessName(importPath)
		ix.byName[n] = append(ix.byName[n], pkgDir{path: importPath, dir: dir, std: std})
	}
}

// GuessName returns the likely package name of an import path: its last
// element without a major-version suffix or a "go-" prefix.
func GuessName(importPath string) string {
	elems := strings.Split(importPath, "/")
	n := elems[len(elems)-1]
	if len(elems) > 1 && len(n) > 1 && n[0] == 'v' && strings.Trim(n[1:], "0123456789") == "" {
		n = elems[len(elems)-2]
	}
	n = strings.TrimPrefix(n, "go-")
	n = strings.TrimSuffix(strings.TrimSuffix(n, ".go"), "-go")
	if i := strings.IndexAny(n, ".-"); i >= 0 {
		n = n[:i]
	}
	return n
}

// load returns the package at importPath, or nil when it is not a package
// this index knows.
func (ix *index) load(importPath string) *pkgInfo {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.loadLocked(importPath, ix.dirOf(importPath))
}

// dirOf returns the directory of importPath, or "".
func (ix *index) dirOf(importPath string) string {
	for _, m := range ix.modules {
		if importPath == m.path || strings.HasPrefix(importPath, m.path+"/") {
			return filepath.Join(m.dir, filepath.FromSlash(strings.TrimPrefix(importPath, m.path)))
		}
	}
	dir := filepath.Join(ix.goroot, "src", filepath.FromSlash(importPath))
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		return dir
	}
	return ""
}

// loadLocked parses the package in dir and computes its documentation.
func (ix *index) loadLocked(importPath, dir string) *pkgInfo {
	if p, ok := ix.pkgs[importPath]; ok {
		return p
	}
	if dir == "" {
		return nil
	}
	bp, err := ix.ctx.ImportDir(dir, build.IgnoreVendor)
	var noGo *build.NoGoError
	if err != nil && !errors.As(err, &noGo) {
		return nil // perhaps not there yet (a module being extracted): try again next time
	}
	ix.pkgs[importPath] = nil // not a package a cell can import, unless parsed below
	if err != nil || bp.Name == "main" {
		return nil
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range slices.Concat(bp.GoFiles, bp.CgoFiles) {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			delete(ix.pkgs, importPath)
			return nil
		}
		files = append(files, f)
	}
	var mode doc.Mode
	if importPath == "builtin" {
		mode = doc.AllDecls // its declarations document the predeclared names
	}
	dp, err := doc.NewFromFiles(fset, files, importPath, mode)
	if err != nil {
		return nil
	}
	p := &pkgInfo{path: importPath, name: dp.Name, doc: dp, fset: fset}
	add := func(names ...string) {
		for _, n := range names {
			if token.IsExported(n) {
				p.exports = append(p.exports, n)
			}
		}
	}
	addValues := func(vs []*doc.Value) {
		for _, v := range vs {
			add(v.Names...)
		}
	}
	addValues(dp.Consts)
	addValues(dp.Vars)
	for _, f := range dp.Funcs {
		add(f.Name)
	}
	for _, t := range dp.Types {
		add(t.Name)
		addValues(t.Consts)
		addValues(t.Vars)
		for _, f := range t.Funcs {
			add(f.Name)
		}
	}
	slices.Sort(p.exports)
	p.exports = slices.Compact(p.exports)
	ix.pkgs[importPath] = p
	return p
}

// exports reports whether p exports every name in names.
func (p *pkgInfo) exportsAll(names []string) bool {
	for _, n := range names {
		if _, ok := slices.BinarySearch(p.exports, n); !ok {
			return false
		}
	}
	return true
}

// preferred lists, for package names that several standard packages share,
// the one to choose first when more than one exports what a cell uses.
var preferred = map[string][]string{
	"rand":     {"math/rand/v2", "math/rand", "crypto/rand"},
	"template": {"text/template", "html/template"},
	"scanner":  {"text/scanner", "go/scanner"},
	"pprof":    {"runtime/pprof", "net/http/pprof"},
}

// resolve returns the import path of the package named name that exports
// all of sels, and false when there is none or the choice is ambiguous.
// Standard packages win over module packages, and the project's own
// packages over those of its dependencies.
func (ix *index) resolve(name string, sels []string) (string, bool) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.scanLocked()
	var std, mods []*pkgInfo
	for _, d := range ix.byName[name] {
		p := ix.loadLocked(d.path, d.dir)
		if p == nil || p.name != name || !p.exportsAll(sels) {
			continue
		}
		if d.std {
			std = append(std, p)
		} else {
			mods = append(mods, p)
		}
	}
	pick := func(ps []*pkgInfo) (string, bool) {
		if len(ps) == 1 {
			return ps[0].path, true
		}
		for _, want := range preferred[name] {
			for _, p := range ps {
				if p.path == want {
					return p.path, true
				}
			}
		}
		return "", false
	}
	if len(std) > 0 {
		return pick(std)
	}
	if len(ix.modules) > 0 {
		var own []*pkgInfo
		for _, p := range mods {
			if strings.HasPrefix(p.path, ix.modules[0].path+"/") {
				own = append(own, p)
			}
		}
		if len(own) > 0 {
			return pick(own)
		}
	}
	return pick(mods)
}

// packageName returns the name of the package at importPath, guessing from
// the path when the index cannot load it.
func (ix *index) packageName(importPath string) string {
	if p := ix.load(importPath); p != nil {
		return p.name
	}
	return GuessName(importPath)
}

// stdNames returns the names of the standard packages.
func (ix *index) stdNames() []string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.scanLocked()
	if ix.std == nil {
		for name, dirs := range ix.byName {
			if slices.ContainsFunc(dirs, func(d pkgDir) bool { return d.std }) {
				ix.std = append(ix.std, name)
			}
		}
		slices.Sort(ix.std)
	}
	return ix.std
}
