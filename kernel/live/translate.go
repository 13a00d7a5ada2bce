package live

import (
	"cmp"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/nnbook/nnbook/kernel/cell"
)

// checkPath is the package path of every type-check. All cells share it,
// so the unexported fields and methods of earlier cells' types stay
// accessible, and diagnostics name notebook types without a qualifier.
const checkPath = "nb"

// entryName is the cell package's function that runs the cell's statements
// and returns the trailing expression's values.
const entryName = "NNBOOKRun"

// varsName is the cell package's map of pointers to its variables.
const varsName = "NNBOOKVars"

// mangledPrefix starts the exported spelling of a lower-case notebook name.
const mangledPrefix = "Nb_"

// exported returns the spelling of a notebook name in generated code:
// exported names are kept, others get mangledPrefix so that later cell
// packages can reach them.
func exported(name string) string {
	if token.IsExported(name) {
		return name
	}
	return mangledPrefix + name
}

// def is one live definition: a package-level name of the notebook.
type def struct {
	name string
	// obj is the object from the type-check of the cell that defined it.
	obj types.Object
	// pkg is the import path of the cell package that holds it.
	pkg string
	// cell is the execution count of the cell that defined it.
	cell int
	// units declare it (func, const, type: the type's declaration and then
	// its methods); nil for variables, which are never emitted again.
	units []*unit
	// deps are the notebook names its units refer to.
	deps map[string]bool
}

// state is the notebook's live definitions and imports after a cell. A
// state is never modified: a translation returns the next one, so that a
// cell that fails changes nothing.
type state struct {
	defs    map[string]*def
	imports []importSpec
}

// newState returns the state of an empty notebook.
func newState() *state { return &state{defs: map[string]*def{}} }

// translator turns cells into plugin packages.
type translator struct {
	fset     *token.FileSet
	importer types.Importer
	// interruptible makes generated code stop at an interrupt; see
	// instrument. It needs the nnbook module in the session module.
	interruptible bool
}

// translation is one cell turned into a package.
type translation struct {
	// files are the package's sources by file name.
	files map[string]string
	// next is the notebook's state once the package is loaded.
	next *state
	// runs is false when loading the package would do nothing: it has no
	// statements, variables, init or main functions.
	runs bool
}

// fragment records that check-file bytes [off, off+n) are unit bytes
// [uoff, uoff+un): the same text, or, when un < n, an identifier the check
// spells differently (see oldPrefix).
type fragment struct {
	off, n, uoff, un int
	u                *unit
}

// fileBuilder writes one check file and remembers where unit text went.
type fileBuilder struct {
	b     strings.Builder
	frags []fragment
}

// unitText writes u.text[from:to] preceded by a line directive.
func (w *fileBuilder) unitText(u *unit, from, to int) {
	w.b.WriteString(u.lineDirective(from))
	w.frags = append(w.frags, fragment{off: w.b.Len(), n: to - from, uoff: from, un: to - from, u: u})
	w.b.WriteString(u.text[from:to])
}

// checkFile is one parsed file of a type-check.
type checkFile struct {
	ast   *ast.File
	tf    *token.File
	frags []fragment
	// units are the units of the file; for the cell's file, in order.
	units []*unit
	// decls maps the file's top-level declarations to their unit.
	decls map[ast.Decl]*stmtInfo
	// olds are the variables the cell redefines from their old values
	// (x := f(x), var x = f(x)); see oldPrefix.
	olds map[string]bool
}

// oldPrefix spells, in a check, the earlier variable that x := f(x) or
// var x = f(x) redefines.
const oldPrefix = "nnbookOld_"

// oldRefs returns the identifiers in values, the right of x := e or of
// var x = e, that refer to the earlier cells' variables of the names lhs
// defines. Selectors, field names, struct literal keys and function
// literals that declare the name are skipped.
func oldRefs(lhs []*ast.Ident, values []ast.Expr, st *state) []*ast.Ident {
	names := map[string]bool{}
	for _, id := range lhs {
		if d := st.defs[id.Name]; d != nil {
			if _, isVar := d.obj.(*types.Var); isVar {
				names[id.Name] = true
			}
		}
	}
	if len(names) == 0 {
		return nil
	}
	var out []*ast.Ident
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, visit)
			return false
		case *ast.KeyValueExpr:
			if _, isIdent := n.Key.(*ast.Ident); isIdent {
				ast.Inspect(n.Value, visit)
				return false
			}
		case *ast.Field:
			ast.Inspect(n.Type, visit)
			return false
		case *ast.FuncLit:
			for _, fl := range []*ast.FieldList{n.Type.Params, n.Type.Results} {
				if fl == nil {
					continue
				}
				for _, f := range fl.List {
					for _, id := range f.Names {
						if names[id.Name] {
							return false
						}
					}
				}
			}
		case *ast.Ident:
			if names[n.Name] {
				out = append(out, n)
			}
		}
		return true
	}
	for _, v := range values {
		ast.Inspect(v, visit)
	}
	slices.SortFunc(out, func(a, b *ast.Ident) int { return int(a.Pos() - b.Pos()) })
	return out
}

// declOldRefs returns the identifiers in the values of a var declaration
// unit (var x = x + 1) that refer to the earlier cells' variables of the
// names it declares, as oldRefs does for x := e, and the offset function
// of the unit's text. As in a function body, a spec's values see the old
// variables of the names that spec and the later specs of its group
// declare, and the new ones of the names earlier specs declare.
func declOldRefs(u *unit, st *state) ([]*ast.Ident, func(token.Pos) int) {
	s, off, ok := stmtOf(u)
	ds, isDecl := s.(*ast.DeclStmt)
	if !ok || !isDecl {
		return nil, nil
	}
	gd, isGen := ds.Decl.(*ast.GenDecl)
	if !isGen || gd.Tok != token.VAR {
		return nil, nil
	}
	var out, later []*ast.Ident
	for i := len(gd.Specs) - 1; i >= 0; i-- {
		vs := gd.Specs[i].(*ast.ValueSpec)
		later = append(later, vs.Names...)
		out = append(out, oldRefs(later, vs.Values, st)...)
	}
	slices.SortFunc(out, func(a, b *ast.Ident) int { return int(a.Pos() - b.Pos()) })
	return out, off
}

// writeOlds writes u.text[from:to] for the check with each of refs, the
// identifiers oldRefs found in it, spelled oldPrefix+name, and records
// the names in cf.olds.
func writeOlds(w *fileBuilder, cf *checkFile, u *unit, from, to int, refs []*ast.Ident, off func(token.Pos) int) {
	at := from
	for _, id := range refs {
		w.unitText(u, at, off(id.Pos()))
		w.b.WriteString(u.lineDirective(off(id.Pos())))
		w.frags = append(w.frags, fragment{off: w.b.Len(), n: len(oldPrefix) + len(id.Name), uoff: off(id.Pos()), un: len(id.Name), u: u})
		w.b.WriteString(oldPrefix + id.Name)
		cf.olds[id.Name] = true
		at = off(id.End())
	}
	w.unitText(u, at, to)
}

// stmtInfo says how a unit of the cell file was written for the check.
type stmtInfo struct {
	u *unit
	// define is set for x := e, written as var x = e.
	define bool
	// trailing is set for the cell's last expression statement.
	trailing bool
}

// locate returns the unit and unit offset of check-file position p.
func (f *checkFile) locate(p token.Pos) (*unit, int, bool) {
	off := f.tf.Offset(p)
	i := sort.Search(len(f.frags), func(i int) bool { return f.frags[i].off+f.frags[i].n > off })
	if i == len(f.frags) || f.frags[i].off > off {
		return nil, 0, false
	}
	fr := f.frags[i]
	return fr.u, fr.uoff + min(off-fr.off, fr.un-1), true
}

// translate turns cell number n into the package pkgPath, given the live
// state st; auto are imports to add to the cell's. The result is an error
// in the user's terms when the cell does not type-check, a
// *missingImports when some undefined names are used as packages.
func (t *translator) translate(st *state, code string, n int, pkgPath string, auto []importSpec) (*translation, error) {
	units, err := splitCell(code, n)
	if err != nil {
		return nil, err
	}
	cf, err := t.checkCell(st, units, n, auto)
	if err != nil {
		return nil, err
	}

	// What the cell defines, and what must be emitted again with it.
	defined := map[string]bool{}
	methodsOn := map[string]map[string]bool{} // type → methods the cell declares
	for _, d := range cf.ast.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil {
				base := cell.ReceiverBase(d.Recv.List[0].Type)
				if methodsOn[base] == nil {
					methodsOn[base] = map[string]bool{}
				}
				methodsOn[base][d.Name.Name] = true
			} else if d.Name.Name != "_" && d.Name.Name != "init" {
				defined[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.ValueSpec:
					for _, id := range sp.Names {
						defined[id.Name] = true
					}
				case *ast.TypeSpec:
					defined[sp.Name.Name] = true
				}
			}
		}
	}
	delete(defined, "_")
	changed := maps.Clone(defined)
	var again []*unit
	var why []string // why each unit is emitted again, for errors
	seen := map[*unit]bool{}
	emitAgain := func(d *def, skipMethods map[string]bool, reason string) {
		changed[d.name] = true
		why = append(why, "note: "+d.name+" ("+cellFile(d.units[0].cell)+") was checked again: "+reason)
		for i, u := range d.units {
			if seen[u] {
				continue
			}
			if i > 0 && skipMethods[methodName(u)] {
				continue
			}
			seen[u] = true
			again = append(again, u)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(methodsOn)) {
		if d := st.defs[name]; d != nil && !defined[name] {
			if _, ok := d.obj.(*types.TypeName); ok {
				emitAgain(d, methodsOn[name], "this cell declares methods on it")
			}
		}
	}
	for grew := true; grew; {
		grew = false
		for _, name := range slices.Sorted(maps.Keys(st.defs)) {
			d := st.defs[name]
			if changed[name] || d.units == nil {
				continue
			}
			for _, dep := range slices.Sorted(maps.Keys(d.deps)) {
				if changed[dep] {
					emitAgain(d, nil, "it uses "+dep+", which this cell redefines")
					grew = true
					break
				}
			}
		}
	}
	slices.SortStableFunc(again, func(a, b *unit) int {
		return cmp.Or(cmp.Compare(a.cell, b.cell), cmp.Compare(a.line, b.line))
	})

	files := []*checkFile{cf}
	for _, u := range again {
		f, err := t.unitFile(u)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}

	pkg := types.NewPackage(checkPath, "")
	where := map[types.Object]*def{}
	for name, d := range st.defs {
		if !changed[name] {
			pkg.Scope().Insert(d.obj)
			where[d.obj] = d
		}
		if cf.olds[name] {
			old := types.NewVar(d.obj.Pos(), pkg, oldPrefix+name, d.obj.Type())
			pkg.Scope().Insert(old)
			where[old] = d
		}
	}
	info := &types.Info{
		Types:     map[ast.Expr]types.TypeAndValue{},
		Defs:      map[*ast.Ident]types.Object{},
		Uses:      map[*ast.Ident]types.Object{},
		Implicits: map[ast.Node]types.Object{},
	}
	var errs []posError
	bases := selectorBases(files)
	basePos := map[token.Pos]*ast.Ident{}
	for id := range bases {
		basePos[id.Pos()] = id
	}
	missing := map[string][]string{}
	conf := types.Config{
		Importer: t.importer,
		Error: func(err error) {
			te := err.(types.Error)
			if unusedImport(te.Msg) || earlierUnexported(te.Msg) {
				return
			}
			if name, ok := strings.CutPrefix(te.Msg, "undefined: "); ok {
				if id := basePos[te.Pos]; id != nil && id.Name == name {
					if sel := bases[id]; !slices.Contains(missing[name], sel) {
						missing[name] = append(missing[name], sel)
					}
				}
			}
			errs = append(errs, posError{pos: t.fset.Position(te.Pos), msg: te.Msg})
		},
	}
	asts := make([]*ast.File, len(files))
	for i, f := range files {
		asts[i] = f.ast
	}
	_ = types.NewChecker(&conf, t.fset, pkg, info).Files(asts)
	if len(errs) > 0 {
		e := compileError(errs)
		if slices.ContainsFunc(errs, func(pe posError) bool { return pe.pos.Filename != cellFile(n) }) {
			e.Traceback = append(e.Traceback, why...)
		}
		if len(missing) > 0 {
			return nil, &missingImports{err: e, names: missing}
		}
		return nil, e
	}
	pkg.SetName("")

	g := &generator{
		fset: t.fset, pkg: pkg, info: info, where: where, pkgPath: pkgPath,
		edits: map[*unit][]edit{}, used: map[*types.PkgName]bool{},
	}
	g.collect(files)
	tr := &translation{files: map[string]string{}}
	src, runs, err := g.cellSource(cf, n)
	if err != nil {
		return nil, err
	}
	tr.files["cell.go"] = src
	tr.runs = runs
	for i, f := range files[1:] {
		tr.files["again"+itoa(i)+".go"] = g.unitSource(f)
	}
	if err := t.instrumentFiles(tr.files); err != nil {
		return nil, err
	}

	// The next state: this cell's definitions replace the changed ones.
	next := &state{defs: map[string]*def{}}
	for name, d := range st.defs {
		if !changed[name] {
			next.defs[name] = d
		}
	}
	cellImports := importsOf(cf, info)
	for _, u := range units {
		u.imports = cellImports
	}
	for _, name := range pkg.Scope().Names() {
		obj := pkg.Scope().Lookup(name)
		if name == "main" || where[obj] != nil {
			continue
		}
		d := &def{name: name, obj: obj, pkg: pkgPath, cell: n}
		if _, isVar := obj.(*types.Var); !isVar {
			d.units = g.unitsOf(obj, files)
			d.cell = d.units[0].cell
			d.deps = map[string]bool{}
			for _, u := range d.units {
				maps.Copy(d.deps, g.deps[u])
			}
		}
		next.defs[name] = d
	}
	for _, is := range st.imports {
		if !slices.ContainsFunc(cellImports, func(c importSpec) bool { return c.name == is.name || c.path == is.path }) {
			next.imports = append(next.imports, is)
		}
	}
	for _, is := range cellImports {
		if !slices.Contains(next.imports, is) {
			next.imports = append(next.imports, is)
		}
	}
	tr.next = next
	return tr, nil
}

// checkCell writes the check file of a cell: the live imports, the cell's
// imports and declarations at package level, each x := e as var x = e, and
// every other statement in a func _ of its own.
func (t *translator) checkCell(live *state, units []*unit, n int, auto []importSpec) (*checkFile, error) {
	cf := &checkFile{units: units, decls: map[ast.Decl]*stmtInfo{}, olds: map[string]bool{}}
	var w fileBuilder
	w.b.WriteString("package nb\n")
	var cellPaths []string
	for _, u := range units {
		if u.kind == unitImport {
			w.unitText(u, 0, len(u.text))
			w.b.WriteString("\n")
			cellPaths = append(cellPaths, importPaths(u.text)...)
		}
	}
	for _, is := range slices.Concat(live.imports, auto) {
		if slices.Contains(cellPaths, is.path) || slices.ContainsFunc(cellPaths, func(p string) bool { return lastElem(p) == is.name }) {
			continue
		}
		w.b.WriteString("import " + is.name + " " + strconv.Quote(is.path) + "\n")
	}
	var infos []*stmtInfo
	defined := map[string]bool{}
	lastExpr := -1
	for i, u := range units {
		if u.kind == unitStmt {
			if st, _, ok := stmtOf(u); ok {
				if _, isExpr := st.(*ast.ExprStmt); isExpr {
					lastExpr = i
				} else {
					lastExpr = -1
				}
			}
		} else if u.kind != unitImport {
			lastExpr = -1
		}
	}
	for i, u := range units {
		if u.kind == unitImport {
			continue
		}
		si := &stmtInfo{u: u}
		w.b.WriteString("\n")
		switch u.kind {
		case unitFunc:
			w.unitText(u, 0, len(u.text))
		case unitDecl:
			// var x = f(x) redefines x from its old value, as x := f(x)
			// does.
			refs, off := declOldRefs(u, live)
			writeOlds(&w, cf, u, 0, len(u.text), refs, off)
		case unitStmt:
			st, off, ok := stmtOf(u)
			as, isAssign := st.(*ast.AssignStmt)
			switch {
			case ok && isAssign && as.Tok == token.DEFINE && allIdents(as.Lhs):
				si.define = true
				w.b.WriteString("var ")
				for j, e := range as.Lhs {
					if j > 0 {
						w.b.WriteString(", ")
					}
					name := e.(*ast.Ident).Name
					if defined[name] {
						// x, err := f() after err := g(): err is assigned.
						w.b.WriteString(u.lineDirective(off(e.Pos())) + "_")
						continue
					}
					defined[name] = true
					w.unitText(u, off(e.Pos()), off(e.End()))
				}
				w.b.WriteString(" = ")
				// x := f(x) redefines x from its old value: the right-hand
				// side's x is the earlier cell's, spelled oldPrefix+x for
				// the check so that it does not refer to the new x.
				lhs := make([]*ast.Ident, len(as.Lhs))
				for j, e := range as.Lhs {
					lhs[j] = e.(*ast.Ident)
				}
				writeOlds(&w, cf, u, off(as.Rhs[0].Pos()), off(as.Rhs[len(as.Rhs)-1].End()), oldRefs(lhs, as.Rhs, live), off)
			case i == lastExpr:
				si.trailing = true
				w.b.WriteString("func _() {\n")
				if !isStatementCall(st.(*ast.ExprStmt).X) {
					w.b.WriteString("_ = ")
				}
				w.unitText(u, 0, len(u.text))
				w.b.WriteString("\n}")
			default:
				w.b.WriteString("func _() {\n")
				w.unitText(u, 0, len(u.text))
				w.b.WriteString("\n}")
			}
		}
		w.b.WriteString("\n")
		infos = append(infos, si)
	}
	f, err := t.parse(&w, cellFile(n)+".go")
	if err != nil {
		return nil, err
	}
	cf.ast, cf.tf, cf.frags = f, t.fset.File(f.Pos()), w.frags
	var decls []ast.Decl
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			continue
		}
		decls = append(decls, d)
	}
	if len(decls) != len(infos) {
		return nil, compileError([]posError{{pos: token.Position{Filename: cellFile(n)}, msg: "cell: the cell does not split into declarations and statements; check for a stray semicolon"}})
	}
	for i, d := range decls {
		cf.decls[d] = infos[i]
	}
	return cf, nil
}

// unitFile writes the check file of a unit emitted again: its imports and
// the unit.
func (t *translator) unitFile(u *unit) (*checkFile, error) {
	var w fileBuilder
	w.b.WriteString("package nb\n")
	for _, is := range u.imports {
		w.b.WriteString("import " + is.name + " " + strconv.Quote(is.path) + "\n")
	}
	w.unitText(u, 0, len(u.text))
	w.b.WriteString("\n")
	f, err := t.parse(&w, cellFile(u.cell)+".go")
	if err != nil {
		return nil, err
	}
	cf := &checkFile{ast: f, tf: t.fset.File(f.Pos()), frags: w.frags, units: []*unit{u}, decls: map[ast.Decl]*stmtInfo{}}
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); !ok || gd.Tok != token.IMPORT {
			cf.decls[d] = &stmtInfo{u: u}
		}
	}
	return cf, nil
}

// parse parses a check file, reporting syntax errors at cell positions.
func (t *translator) parse(w *fileBuilder, name string) (*ast.File, error) {
	f, err := parser.ParseFile(t.fset, name, w.b.String(), parser.SkipObjectResolution|parser.ParseComments)
	if err != nil {
		if list, ok := err.(scanner.ErrorList); ok {
			return nil, compileError(errorList(list))
		}
		return nil, &cell.Error{Name: "SyntaxError", Value: err.Error()}
	}
	return f, nil
}

// importsOf returns the imports of a check file under their local names.
func importsOf(f *checkFile, info *types.Info) []importSpec {
	var out []importSpec
	for _, is := range f.ast.Imports {
		pn := info.PkgNameOf(is)
		if pn == nil || pn.Name() == "_" || pn.Name() == "." {
			continue
		}
		out = append(out, importSpec{name: pn.Name(), path: pn.Imported().Path()})
	}
	return out
}

// importPaths returns the paths an import declaration imports.
func importPaths(text string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, parser.ImportsOnly)
	if err != nil {
		return nil
	}
	var out []string
	for _, is := range f.Imports {
		if p, err := strconv.Unquote(is.Path.Value); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// lastElem returns the last element of an import path.
func lastElem(path string) string { return path[strings.LastIndex(path, "/")+1:] }

// allIdents reports whether every expression is an identifier.
func allIdents(es []ast.Expr) bool {
	for _, e := range es {
		if _, ok := e.(*ast.Ident); !ok {
			return false
		}
	}
	return true
}

// isStatementCall reports whether e may stand alone as a statement: a
// call that is not a call of a builtin with a value, or a receive.
func isStatementCall(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && valueBuiltins[id.Name] {
			return false
		}
		return true
	}
	return false
}

// methodName returns the name of the method a func unit declares.
func methodName(u *unit) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+u.text, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		return ""
	}
	if fd, ok := f.Decls[0].(*ast.FuncDecl); ok {
		return fd.Name.Name
	}
	return ""
}

// unusedImport reports whether msg is go/types' complaint about an
// unused import: the notebook's imports are in scope in every cell.
func unusedImport(msg string) bool {
	return strings.HasSuffix(msg, " imported and not used") ||
		strings.Contains(msg, " imported as ") && strings.HasSuffix(msg, " and not used")
}

// earlierUnexported reports whether msg complains of a positional struct
// literal of a notebook type with lower-case fields. Each check is a
// package of its own, so go/types sees the fields of an earlier cell's
// type as another package's; generated code exports them.
func earlierUnexported(msg string) bool {
	_, typ, ok := strings.Cut(msg, "implicit assignment to unexported field ")
	if !ok {
		return false
	}
	_, typ, _ = strings.Cut(typ, " in struct literal of type ")
	typ, _, _ = strings.Cut(typ, "[")
	return !strings.Contains(typ, ".")
}

// posError is one diagnostic at a cell position.
type posError struct {
	pos token.Position
	msg string
}

// compileError renders diagnostics as the cell's error, sorted by cell,
// line and column.
func compileError(errs []posError) *cell.Error {
	slices.SortStableFunc(errs, func(a, b posError) int {
		return cmp.Or(strings.Compare(a.pos.Filename, b.pos.Filename), cmp.Compare(a.pos.Line, b.pos.Line), cmp.Compare(a.pos.Column, b.pos.Column))
	})
	e := &cell.Error{Name: "CompileError", Value: strings.ReplaceAll(errs[0].msg, oldPrefix, "")}
	for _, pe := range errs {
		where := pe.pos.Filename
		if pe.pos.Line > 0 {
			where += ":" + itoa(pe.pos.Line)
			if pe.pos.Column > 0 {
				where += ":" + itoa(pe.pos.Column)
			}
		}
		e.Traceback = append(e.Traceback, ansiRed+where+ansiReset+": "+strings.ReplaceAll(pe.msg, oldPrefix, ""))
	}
	return e
}

const (
	ansiRed   = "\x1b[31m"
	ansiReset = "\x1b[0m"
)

func itoa(n int) string { return strconv.Itoa(n) }
