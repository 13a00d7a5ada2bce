package scope

import (
	"go/types"
	"sync"
)

// Def is one live definition of the notebook: a package-level name an
// earlier cell defined, or a method of a notebook type.
type Def struct {
	// Object is the package-level object from the type-check of the cell
	// that defined it: a *types.Var, *types.Func, *types.TypeName or
	// *types.Const, or for a method the *types.Func whose signature has a
	// receiver.
	Object types.Object
	// Doc is the doc comment the cell wrote above the declaration, as
	// [go/ast.CommentGroup.Text] returns it; empty when there is none.
	Doc string
	// Source is the declaration as the cell wrote it (for a variable
	// defined by a statement such as x := f(), that statement).
	Source string
	// Cell is the execution count of the defining cell; 0 when unknown.
	Cell int
}

// Import is one live import name: an earlier cell imported Path as Name.
// A path may be imported under several names.
type Import struct {
	Name, Path string
	// Package is the package the cell's type-check imported, when the
	// executor has it; nil otherwise. With it, expressions through Name
	// are typed (m.Sqrt(2).).
	Package *types.Package
}

// Packages finds the packages cells can import and their documentation;
// the kernel's import index implements it. Its methods are called while
// requests are answered, possibly concurrently, and should be fast once
// warm.
type Packages interface {
	// Members returns the exported package-level names of the package at
	// path with their kinds, sorted by name; false when path is no
	// package the provider knows.
	Members(path string) ([]Member, bool)
	// Doc returns the declaration (Go source without a function body)
	// and the doc comment of name in the package at path. name is a
	// package-level name, "T.M" for the method or field M of type T, or
	// "" for the package itself, whose declaration is its package clause.
	// The package "builtin" documents the predeclared identifiers.
	Doc(path, name string) (decl, doc string, ok bool)
	// Resolve returns the import path that an automatic import gives the
	// package name name used with the selectors sels, and false when
	// there is none or the choice is ambiguous.
	Resolve(name string, sels []string) (path string, ok bool)
	// Names returns the package names a cell may use without importing
	// them (automatic imports resolve them), sorted.
	Names() []string
}

// PathLister is implemented by a [Packages] provider that can list the
// import paths it knows; completion inside an import's string then offers
// them.
type PathLister interface {
	// Paths returns the import paths, sorted.
	Paths() []string
}

// Member is an exported package-level name of a package.
type Member struct {
	Name string
	Kind Kind
}

// Kind is what a completion item or member is. Its values are the words
// JupyterLab shows beside a match.
type Kind string

// The kinds of names.
const (
	Variable Kind = "variable"
	Function Kind = "function"
	TypeName Kind = "type"
	Constant Kind = "constant"
	Package  Kind = "package"
	Field    Kind = "field"
	Method   Kind = "method"
	Keyword  Kind = "keyword"
	Builtin  Kind = "builtin"
	Magic    Kind = "magic"
)

// Config is what an executor supplies to [New].
type Config struct {
	// Defs are the live definitions. When two define the same name (for
	// a method, the same receiver type and name), the later one wins.
	Defs []Def
	// Imports are the live import names of earlier cells.
	Imports []Import
	// Packages provides package members and documentation; nil: only
	// packages that Imports carry typed are known.
	Packages Packages
	// Importer imports packages for typing expressions through packages
	// that no Import carries (cell imports, automatic imports). It must be
	// safe for concurrent use. Nil: such expressions are not typed.
	Importer types.Importer
	// Magics are the executor's special lines ("%who", "%%"), which
	// complete after a % at the start of a line.
	Magics []string
	// Summary returns the summary of the value of the live variable name
	// (matrix shape, slice length, a truncated %v); false when there is
	// none. It may be called while a cell runs, so it should return
	// promptly. Nil: inspection shows no values.
	Summary func(name string) (summary string, ok bool)
}

// Snapshot is the names of a notebook session at one point: the live
// definitions and imports after some cell. It answers completion and
// inspection requests for code written against them. A Snapshot is
// immutable and safe for concurrent use.
type Snapshot struct {
	cfg Config
	// path is the package path of the notebook's definitions.
	path string
	// defs are the package-level definitions by name.
	defs map[string]*Def
	// methods are the method definitions by their (origin) object.
	methods map[types.Object]*Def
	// imports are the live import names by name.
	imports map[string]Import
	// nb is a package with the notebook's path, for lookups of
	// unexported names.
	nb *types.Package

	// mu guards selCache.
	mu       sync.Mutex
	selCache map[selKey][]types.Object
}

// New returns the snapshot of the names in cfg.
func New(cfg Config) *Snapshot {
	s := &Snapshot{cfg: cfg, path: "nb", defs: map[string]*Def{}, methods: map[types.Object]*Def{}, imports: map[string]Import{}, selCache: map[selKey][]types.Object{}}
	for i := range cfg.Defs {
		d := &cfg.Defs[i]
		if d.Object == nil || d.Object.Name() == "_" {
			continue
		}
		if d.Object.Pkg() != nil {
			s.path = d.Object.Pkg().Path()
		}
		if isMethod(d.Object) {
			s.methods[originOf(d.Object)] = d
			continue
		}
		s.defs[d.Object.Name()] = d
	}
	// Inserting an object into a scope makes the scope its parent when it
	// has none: give such objects one here, before requests insert them
	// into scopes of their own concurrently.
	home := types.NewPackage(s.path, "nb").Scope()
	for _, d := range s.defs {
		if d.Object.Parent() == nil {
			home.Insert(d.Object)
		}
	}
	s.nb = types.NewPackage(s.path, "nb")
	for _, im := range cfg.Imports {
		if im.Name != "" && im.Name != "_" && im.Name != "." {
			s.imports[im.Name] = im
		}
	}
	return s
}

// isMethod reports whether obj is a method.
func isMethod(obj types.Object) bool {
	f, ok := obj.(*types.Func)
	return ok && f.Signature().Recv() != nil
}

// originOf returns the generic origin of a method or field, which
// instantiation copies.
func originOf(obj types.Object) types.Object {
	switch o := obj.(type) {
	case *types.Func:
		return o.Origin()
	case *types.Var:
		return o.Origin()
	}
	return obj
}

// kindOf returns the kind of a package-level object.
func kindOf(obj types.Object) Kind {
	switch o := obj.(type) {
	case *types.Var:
		if o.IsField() {
			return Field
		}
		return Variable
	case *types.Func:
		if isMethod(o) {
			return Method
		}
		return Function
	case *types.TypeName:
		return TypeName
	case *types.Const:
		return Constant
	case *types.PkgName:
		return Package
	case *types.Builtin:
		return Builtin
	case *types.Nil:
		return Constant
	}
	return ""
}

// qualifier writes package names relative to the notebook: notebook
// names unqualified, others by package name.
func (s *Snapshot) qualifier(p *types.Package) string {
	if p == nil || p.Path() == s.path {
		return ""
	}
	return p.Name()
}
