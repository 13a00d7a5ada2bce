package live

import (
	"cmp"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/contract"
)

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
	// src is the file's text.
	src   string
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

// checkCell writes the check file of a cell: the live imports, the cell's
// imports and declarations at package level, each x := e as var x = e, and
// every other statement in a func _ of its own.
func (t *translator) checkCell(live *state, units []*unit, n int, auto []importSpec) (*checkFile, error) {
	cf := &checkFile{units: units, decls: map[ast.Decl]*stmtInfo{}, olds: map[string]bool{}}
	var w fileBuilder
	w.b.WriteString("package nb\n")
	cellNames := map[string]bool{}
	for _, u := range units {
		if u.kind == cell.UnitImport {
			w.unitText(u, 0, len(u.text))
			w.b.WriteString("\n")
			for _, is := range importsIn(u.text) {
				cellNames[is.name] = true
			}
		}
	}
	for _, is := range slices.Concat(live.imports, auto) {
		if cellNames[is.name] {
			continue // the cell imports this name anew
		}
		w.b.WriteString("import " + is.name + " " + strconv.Quote(is.path) + "\n")
	}
	var infos []*stmtInfo
	defined := map[string]bool{}
	lastExpr := -1
	for i, u := range units {
		if u.kind == cell.UnitStmt {
			if st, _, ok := stmtOf(u); ok {
				if _, isExpr := st.(*ast.ExprStmt); isExpr {
					lastExpr = i
				} else {
					lastExpr = -1
				}
			}
		} else if u.kind != cell.UnitImport {
			lastExpr = -1
		}
	}
	for i, u := range units {
		if u.kind == cell.UnitImport {
			continue
		}
		si := &stmtInfo{u: u}
		w.b.WriteString("\n")
		switch u.kind {
		case cell.UnitFunc:
			w.unitText(u, 0, len(u.text))
		case cell.UnitDecl:
			// var x = f(x) redefines x from its old value, as x := f(x)
			// does.
			refs, off := declOldRefs(u, live)
			writeOlds(&w, cf, u, 0, len(u.text), refs, off)
		case cell.UnitStmt:
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
	cf.ast, cf.tf, cf.frags, cf.src = f, t.fset.File(f.Pos()), w.frags, w.b.String()
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
		return nil, &contract.Error{Name: "SyntaxError", Value: err.Error()}
	}
	return f, nil
}

// checked is a cell type-checked against the live definitions.
type checked struct {
	// files are the cell's check file and those of the units emitted
	// again.
	files []*checkFile
	pkg   *types.Package
	info  *types.Info
	// where maps the objects of live definitions in pkg's scope to them.
	where map[types.Object]*def
}

// check type-checks the cell of check file cf, with the units p emits
// again, against the live definitions of st that the cell does not
// change. Errors are in the user's terms, with notes on the units emitted
// again; undefined names used as packages make a *missingImports.
func (t *translator) check(st *state, cf *checkFile, p *plan, n int) (*checked, error) {
	changed, again, why := p.changed, p.again, p.why
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

	return &checked{files: files, pkg: pkg, info: info, where: where}, nil
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
func compileError(errs []posError) *contract.Error {
	slices.SortStableFunc(errs, func(a, b posError) int {
		return cmp.Or(strings.Compare(a.pos.Filename, b.pos.Filename), cmp.Compare(a.pos.Line, b.pos.Line), cmp.Compare(a.pos.Column, b.pos.Column))
	})
	e := &contract.Error{Name: "CompileError", Value: strings.ReplaceAll(errs[0].msg, oldPrefix, "")}
	for _, pe := range errs {
		where := pe.pos.Filename
		if pe.pos.Line > 0 {
			where += ":" + itoa(pe.pos.Line)
			if pe.pos.Column > 0 {
				where += ":" + itoa(pe.pos.Column)
			}
		}
		e.Traceback = append(e.Traceback, contract.Highlight(where)+": "+strings.ReplaceAll(pe.msg, oldPrefix, ""))
	}
	return e
}
