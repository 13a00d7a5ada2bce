package scope

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// The scopes an env makes start at basePos or later and end at farPos.
// They are far from the positions of the expressions it parses: checking
// a function type or literal adds a scope with the expression's extent
// to the scope it is checked in, and that scope must not contain the
// positions evaluation uses.
const (
	basePos = token.Pos(1 << 29)
	farPos  = token.Pos(1 << 30)
)

// env types expressions of one request: the notebook's definitions,
// import names that expressions use, and the cell's own declarations in
// scope at the cursor, in scopes nested where a name is declared again,
// so that x := f(x) sees the earlier x.
type env struct {
	s    *Snapshot
	cell cellNames
	fset *token.FileSet
	pkg  *types.Package
	// file holds the import names that expressions use.
	file *types.Scope
	// inner is the innermost scope, and next the position of the next
	// scope to nest.
	inner *types.Scope
	next  token.Pos
	// localKinds are the kinds of the cell's names.
	localKinds map[string]Kind
	// cellImports are the cell's import names → paths.
	cellImports map[string]string
}

// newEnv returns the environment for code, the cell's code before the
// cursor.
func (s *Snapshot) newEnv(code string) *env {
	e := &env{s: s, cell: scanCell(code), fset: token.NewFileSet(), localKinds: map[string]Kind{}, cellImports: map[string]string{}}
	e.pkg = types.NewPackage(s.path, "nb")
	for _, d := range s.defs {
		e.pkg.Scope().Insert(d.Object)
	}
	e.file = types.NewScope(e.pkg.Scope(), basePos, farPos, "cell")
	e.inner, e.next = e.file, basePos+1
	names := map[string]string{} // path → package name
	for _, im := range e.cell.imports {
		name := im.name
		if name == "" {
			if names[im.path] == "" {
				names[im.path] = s.packageName(im.path)
			}
			name = names[im.path]
		}
		if name != "_" && name != "." {
			e.cellImports[name] = im.path
		}
	}
	for _, l := range e.cell.locals {
		e.declare(l)
	}
	return e
}

// declare types the top-level declaration l and adds its names in a
// scope of their own. Names whose type cannot be found are still
// declared, with an invalid type, so that they shadow earlier ones.
func (e *env) declare(l local) {
	names, ts, vals := e.localTypes(l)
	// A scope of its own only when a name is declared again (x := f(x)):
	// lookups walk the scopes, and cells are long.
	sc := e.inner
	if sc == e.file || slices.ContainsFunc(names, func(n string) bool { return sc.Lookup(n) != nil }) {
		sc = types.NewScope(e.inner, e.next, farPos, "local")
		e.inner, e.next = sc, e.next+1
	}
	for i, name := range names {
		if name == "_" {
			continue
		}
		e.localKinds[name] = l.kind
		t := ts[i]
		if t == nil {
			t = types.Typ[types.Invalid]
		}
		var obj types.Object
		switch {
		case l.kind == TypeName && l.alias:
			obj = types.NewTypeName(token.NoPos, e.pkg, name, t)
		case l.kind == TypeName:
			tn := types.NewTypeName(token.NoPos, e.pkg, name, nil)
			u := t
			if u != types.Typ[types.Invalid] {
				u = t.Underlying()
			}
			types.NewNamed(tn, u, nil)
			obj = tn
		case l.kind == Constant && vals != nil && vals[i] != nil:
			obj = types.NewConst(token.NoPos, e.pkg, name, t, vals[i])
		default:
			obj = types.NewVar(token.NoPos, e.pkg, name, t)
		}
		sc.Insert(obj)
	}
}

// localTypes returns the names l declares with their types (nil where
// unknown) and, for constants, values.
func (e *env) localTypes(l local) (names []string, ts []types.Type, vals []constant.Value) {
	names = slices.Clone(l.names)
	ts = make([]types.Type, len(names))
	switch {
	case l.rangeOver != "":
		ts = e.rangeTypes(l.rangeOver, len(names))
	case l.kind == TypeName:
		if t, ok := e.typeOf(l.typ); ok {
			ts[0] = t
		}
	case l.typ != "":
		if t, ok := e.typeOf(l.typ); ok {
			for i := range ts {
				ts[i] = t
			}
		}
	case len(l.exprs) == len(names):
		vals = make([]constant.Value, len(names))
		for i, x := range l.exprs {
			if tv, err := e.eval(x); err == nil && !tv.IsType() {
				ts[i] = types.Default(tv.Type)
				vals[i] = tv.Value
			}
		}
	case len(l.exprs) == 1:
		if tv, err := e.eval(l.exprs[0]); err == nil {
			if tup, ok := tv.Type.(*types.Tuple); ok && tup.Len() == len(names) {
				for i := range ts {
					ts[i] = tup.At(i).Type()
				}
			} else if len(names) == 2 {
				// v, ok := m[k], x.(T), <-c
				ts[0], ts[1] = tv.Type, types.Typ[types.Bool]
			}
		}
	}
	// A function body's scope: the receiver and the parameters.
	for _, p := range l.params {
		t, ok := e.typeOf(p)
		if !ok {
			continue
		}
		if sig, ok := t.(*types.Signature); ok {
			for i := range sig.Params().Len() {
				v := sig.Params().At(i)
				names = append(names, v.Name())
				ts = append(ts, v.Type())
			}
		}
	}
	return names, ts, vals
}

// rangeTypes returns the types of the n iteration variables of
// for … := range x; nil elements where they are not known.
func (e *env) rangeTypes(x string, n int) []types.Type {
	out := make([]types.Type, n)
	tv, err := e.eval(x)
	if err != nil || tv.IsType() {
		return out
	}
	t := types.Default(tv.Type)
	var k, v types.Type
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsInteger != 0:
			k = t
		case u.Info()&types.IsString != 0:
			k, v = types.Typ[types.Int], types.Universe.Lookup("rune").Type()
		}
	case *types.Slice:
		k, v = types.Typ[types.Int], u.Elem()
	case *types.Array:
		k, v = types.Typ[types.Int], u.Elem()
	case *types.Pointer:
		if a, ok := u.Elem().Underlying().(*types.Array); ok {
			k, v = types.Typ[types.Int], a.Elem()
		}
	case *types.Map:
		k, v = u.Key(), u.Elem()
	case *types.Chan:
		k = u.Elem()
	case *types.Signature:
		// range over func(yield func(K, V) bool)
		if u.Params().Len() == 1 {
			if y, ok := u.Params().At(0).Type().Underlying().(*types.Signature); ok {
				if y.Params().Len() > 0 {
					k = y.Params().At(0).Type()
				}
				if y.Params().Len() > 1 {
					v = y.Params().At(1).Type()
				}
			}
		}
	}
	for i, t := range []types.Type{k, v} {
		if i < n {
			out[i] = t
		}
	}
	return out
}

// typeOf returns the type that the source x denotes.
func (e *env) typeOf(x string) (types.Type, bool) {
	tv, err := e.eval(x)
	if err != nil || !tv.IsType() {
		return nil, false
	}
	return tv.Type, true
}

// eval types the expression x in the innermost scope.
func (e *env) eval(x string) (types.TypeAndValue, error) {
	node, err := parser.ParseExprFrom(e.fset, "", x, parser.SkipObjectResolution)
	if err != nil {
		return types.TypeAndValue{}, err
	}
	e.importFor(node)
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	if err := types.CheckExpr(e.fset, e.pkg, e.next-1, node, info); err != nil {
		return types.TypeAndValue{}, err
	}
	tv, ok := info.Types[node]
	if !ok || tv.Type == nil || tv.Type == types.Typ[types.Invalid] {
		return types.TypeAndValue{}, errNoType
	}
	return tv, nil
}

// errNoType is the error of an expression that has no type.
var errNoType = errorString("scope: expression has no type")

type errorString string

func (e errorString) Error() string { return string(e) }

// importFor adds to the file scope the packages that the selectors of
// node use and nothing else in scope names.
func (e *env) importFor(node ast.Expr) {
	sels := map[string][]string{}
	ast.Inspect(node, func(n ast.Node) bool {
		if se, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := se.X.(*ast.Ident); ok && !slices.Contains(sels[id.Name], se.Sel.Name) {
				sels[id.Name] = append(sels[id.Name], se.Sel.Name)
			}
		}
		return true
	})
	for name, ss := range sels {
		if _, obj := e.inner.LookupParent(name, e.next-1); obj != nil {
			continue
		}
		r := e.lookup(name, ss)
		if r.pkg != nil {
			e.file.Insert(types.NewPkgName(token.NoPos, e.pkg, name, r.pkg))
		}
	}
}

// ref is what a bare identifier refers to.
type ref struct {
	// obj is a typed object: a live definition, a name of the cell or a
	// predeclared one.
	obj types.Object
	// def is the live definition obj comes from, if any.
	def *Def
	// path is the import path when the identifier names a package, and
	// pkg the package when it is typed.
	path string
	pkg  *types.Package
}

// lookup returns what the identifier name refers to: a name the cell
// declares, a live definition, an import of the cell or of an earlier
// cell, a package automatic imports find (sels are the selectors used on
// it), or a predeclared identifier, in that order.
func (e *env) lookup(name string, sels []string) ref {
	if _, obj := e.inner.LookupParent(name, e.next-1); obj != nil {
		if pn, ok := obj.(*types.PkgName); ok {
			return ref{path: pn.Imported().Path(), pkg: pn.Imported()}
		}
		if obj.Parent() == types.Universe {
			return ref{obj: obj}
		}
		if d, ok := e.s.defs[name]; ok && d.Object == obj {
			return ref{obj: obj, def: d}
		}
		return ref{obj: obj}
	}
	if path, ok := e.cellImports[name]; ok {
		return ref{path: path, pkg: e.s.typed(path)}
	}
	if im, ok := e.s.imports[name]; ok {
		pkg := im.Package
		if pkg == nil {
			pkg = e.s.typed(im.Path)
		}
		return ref{path: im.Path, pkg: pkg}
	}
	if e.s.cfg.Packages != nil {
		if path, ok := e.s.cfg.Packages.Resolve(name, sels); ok {
			return ref{path: path, pkg: e.s.typed(path)}
		}
	}
	return ref{}
}

// typed returns the typed package at path: one an Import carries, or
// else the Importer's; nil when there is none.
func (s *Snapshot) typed(path string) *types.Package {
	for _, im := range s.cfg.Imports {
		if im.Path == path && im.Package != nil {
			return im.Package
		}
	}
	if s.cfg.Importer == nil {
		return nil
	}
	p, err := s.cfg.Importer.Import(path)
	if err != nil {
		return nil
	}
	return p
}

// packageName returns the name of the package at path: its typed name,
// the name in its package clause, or else the last element of the path.
func (s *Snapshot) packageName(path string) string {
	for _, im := range s.cfg.Imports {
		if im.Path == path && im.Package != nil {
			return im.Package.Name()
		}
	}
	if s.cfg.Packages != nil {
		if decl, _, ok := s.cfg.Packages.Doc(path, ""); ok {
			if f := strings.Fields(decl); len(f) >= 2 && f[0] == "package" {
				return f[1]
			}
		}
	}
	return path[strings.LastIndex(path, "/")+1:]
}
