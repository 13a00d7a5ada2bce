package cell

import (
	"go/ast"
	"go/doc"
	"slices"
	"strconv"
	"strings"

	"github.com/nnbook/nnbook/kernel/scope"
)

// The import index provides packages to completion and inspection.
var _ scope.Packages = (*ImportIndex)(nil)

// Members returns the exported package-level names of the package at
// path with their kinds, sorted by name; false when the index does not
// know the package. Constructors and other functions documented with a
// type count as functions.
func (x *ImportIndex) Members(path string) ([]scope.Member, bool) {
	p := x.ix.load(path)
	if p == nil {
		return nil, false
	}
	kinds := map[string]scope.Kind{}
	values := func(vs []*doc.Value, k scope.Kind) {
		for _, v := range vs {
			for _, n := range v.Names {
				kinds[n] = k
			}
		}
	}
	values(p.doc.Consts, scope.Constant)
	values(p.doc.Vars, scope.Variable)
	for _, f := range p.doc.Funcs {
		kinds[f.Name] = scope.Function
	}
	for _, t := range p.doc.Types {
		kinds[t.Name] = scope.TypeName
		values(t.Consts, scope.Constant)
		values(t.Vars, scope.Variable)
		for _, f := range t.Funcs {
			kinds[f.Name] = scope.Function
		}
	}
	out := make([]scope.Member, 0, len(p.exports))
	for _, n := range p.exports {
		out = append(out, scope.Member{Name: n, Kind: kinds[n]})
	}
	return out, true
}

// Doc returns the declaration and the doc comment of name in the package
// at path: a package-level name, "T.M" for the method or field M of type
// T, or "" for the package itself. The package "builtin" documents the
// predeclared identifiers.
func (x *ImportIndex) Doc(path, name string) (decl, doc string, ok bool) {
	p := x.ix.load(path)
	if p == nil {
		return "", "", false
	}
	if name == "" {
		return "package " + p.name + " // import " + strconv.Quote(p.path), strings.TrimSpace(p.doc.Doc), true
	}
	return p.lookup(name)
}

// Names returns the names of the standard packages, which cells may use
// without importing them.
func (x *ImportIndex) Names() []string {
	return x.ix.stdNames()
}

// fieldOf returns the field name of the struct type t declares, or its
// method name when t is an interface (then isMethod is true); nil when
// there is none.
func fieldOf(t *doc.Type, name string) (f *ast.Field, isMethod bool) {
	for _, sp := range t.Decl.Specs {
		ts, ok := sp.(*ast.TypeSpec)
		if !ok || ts.Name.Name != t.Name {
			continue
		}
		var list *ast.FieldList
		switch tt := ts.Type.(type) {
		case *ast.StructType:
			list = tt.Fields
		case *ast.InterfaceType:
			list = tt.Methods
		default:
			return nil, false
		}
		for _, f := range list.List {
			for _, id := range f.Names {
				if id.Name == name {
					_, isMethod = ts.Type.(*ast.InterfaceType)
					return f, isMethod
				}
			}
		}
	}
	return nil, false
}

// Paths returns the import paths of the packages the index knows, sorted:
// the standard library's and those of the project's module graph in the
// module cache.
func (x *ImportIndex) Paths() []string {
	ix := x.ix
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.scanLocked()
	var out []string
	for _, dirs := range ix.byName {
		for _, d := range dirs {
			out = append(out, d.path)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
