package live

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"slices"
	"strconv"
	"strings"
)

// edit replaces unit bytes [off, off+n) with text.
type edit struct {
	off, n int
	text   string
}

// generator writes the cell package from a successful type-check.
type generator struct {
	fset    *token.FileSet
	pkg     *types.Package
	info    *types.Info
	where   map[types.Object]*def
	pkgPath string

	files map[*token.File]*checkFile
	edits map[*unit][]edit
	used  map[*types.PkgName]bool
	// deps are the notebook names each unit refers to; cells are the
	// cell packages it refers to.
	deps  map[*unit]map[string]bool
	cells map[*unit][]string
}

// collect computes the renames: references to notebook names become
// exported spellings (qualified by the cell package that holds them when
// it is an earlier one), and lower-case fields and methods of notebook
// types are exported.
func (g *generator) collect(files []*checkFile) {
	g.files = map[*token.File]*checkFile{}
	g.deps = map[*unit]map[string]bool{}
	g.cells = map[*unit][]string{}
	for _, f := range files {
		g.files[f.tf] = f
	}
	for id, obj := range g.info.Defs {
		if v, ok := obj.(*types.Var); ok && v.Embedded() {
			continue // the type name's use decides
		}
		g.rename(id, obj)
	}
	// The type of a top-level var is written again, with the generated
	// file's own import names, where the variable is hoisted; a package
	// used only there must not keep the user's import.
	dropped := map[*ast.Ident]bool{}
	for _, f := range files {
		for _, d := range f.ast.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				for _, sp := range gd.Specs {
					if t := sp.(*ast.ValueSpec).Type; t != nil {
						ast.Inspect(t, func(n ast.Node) bool {
							if id, ok := n.(*ast.Ident); ok {
								dropped[id] = true
							}
							return true
						})
					}
				}
			}
		}
	}
	for id, obj := range g.info.Uses {
		if pn, ok := obj.(*types.PkgName); ok {
			if !dropped[id] {
				g.used[pn] = true
			}
			continue
		}
		g.rename(id, obj)
	}
	g.markChanRanges(files)
	for u, es := range g.edits {
		slices.SortFunc(es, func(a, b edit) int { return a.off - b.off })
		g.edits[u] = slices.CompactFunc(es, func(a, b edit) bool { return a.off == b.off })
	}
}

// locate returns the unit and unit offset of position p.
func (g *generator) locate(p token.Pos) (*unit, int, bool) {
	f := g.files[g.fset.File(p)]
	if f == nil {
		return nil, 0, false
	}
	return f.locate(p)
}

// rename records the edit for identifier id denoting obj, if any.
func (g *generator) rename(id *ast.Ident, obj types.Object) {
	if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != checkPath {
		return
	}
	u, off, ok := g.locate(id.Pos())
	if !ok {
		return
	}
	text := ""
	switch o := obj.(type) {
	case *types.Var:
		if o.IsField() {
			if !o.Exported() {
				text = exported(o.Name())
			}
			break
		}
		text = g.ref(u, id, obj)
	case *types.Func:
		if o.Signature().Recv() != nil {
			if !o.Exported() {
				text = exported(o.Name())
			}
			break
		}
		if o.Name() != "init" {
			text = g.ref(u, id, obj)
		}
	case *types.Const, *types.TypeName:
		text = g.ref(u, id, obj)
	}
	if text != "" && text != id.Name {
		g.edits[u] = append(g.edits[u], edit{off: off, n: len(strings.TrimPrefix(id.Name, oldPrefix)), text: text})
	}
}

// ref returns the spelling of a reference to a package-level notebook
// object, or "" for objects that are not package-level.
func (g *generator) ref(u *unit, id *ast.Ident, obj types.Object) string {
	if d := g.where[obj]; d != nil {
		g.dep(u, d.name)
		if !slices.Contains(g.cells[u], d.pkg) {
			g.cells[u] = append(g.cells[u], d.pkg)
		}
		return cellAlias(d.pkg) + "." + exported(d.name)
	}
	if obj.Parent() != g.pkg.Scope() {
		return ""
	}
	if g.info.Uses[id] == obj {
		g.dep(u, obj.Name())
	}
	if _, isType := obj.(*types.TypeName); isType {
		if v, ok := g.info.Defs[id].(*types.Var); ok && v.Embedded() {
			return exported(obj.Name()) // the field is named like the alias
		}
		return obj.Name() // the type keeps its name, so %T shows it
	}
	return exported(obj.Name())
}

func (g *generator) dep(u *unit, name string) {
	if g.deps[u] == nil {
		g.deps[u] = map[string]bool{}
	}
	g.deps[u][name] = true
}

// cellAlias is the import name of a cell package in generated code.
func cellAlias(pkgPath string) string { return "nb_" + path.Base(pkgPath) }

// edited returns u.text[from:to] with the renames applied.
func (g *generator) edited(u *unit, from, to int) string {
	var b strings.Builder
	at := from
	for _, e := range g.edits[u] {
		if e.off < from || e.off+e.n > to {
			continue
		}
		b.WriteString(u.text[at:e.off])
		b.WriteString(e.text)
		at = e.off + e.n
	}
	b.WriteString(u.text[at:to])
	return b.String()
}

// span returns the unit and unit byte range of node n.
func (g *generator) span(n ast.Node) (*unit, int, int) {
	u, from, _ := g.locate(n.Pos())
	_, to, _ := g.locate(n.End() - 1)
	return u, from, to + 1
}

// importSet is the imports of one generated file, by path.
type importSet struct {
	names map[string]string
	order []string
}

func (s *importSet) add(path, name string) string {
	if s.names == nil {
		s.names = map[string]string{}
	}
	key := name + " " + path
	if _, ok := s.names[key]; !ok {
		s.names[key] = name
		s.order = append(s.order, key)
	}
	return name
}

func (s *importSet) String() string {
	if len(s.order) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("import (\n")
	for _, key := range s.order {
		name, path, _ := strings.Cut(key, " ")
		fmt.Fprintf(&b, "\t%s %s\n", name, strconv.Quote(path))
	}
	b.WriteString(")\n")
	return b.String()
}

// fileImports returns the imports a generated file needs for the user's
// text of f.
func (g *generator) fileImports(f *checkFile) *importSet {
	imps := &importSet{}
	for _, is := range f.ast.Imports {
		if pn := g.info.PkgNameOf(is); pn != nil && g.used[pn] {
			imps.add(pn.Imported().Path(), pn.Name())
		}
	}
	var cells []string
	for _, u := range f.units {
		cells = append(cells, g.cells[u]...)
	}
	slices.Sort(cells)
	for _, p := range slices.Compact(cells) {
		imps.add(p, cellAlias(p))
	}
	return imps
}

const generatedHeader = "// Code generated by nnbook from %s. DO NOT EDIT.\n\npackage nb\n\n"

// lineComment returns a //line directive for unit offset off, on a line
// of its own.
func lineComment(u *unit, off int) string {
	d := u.lineDirective(off)
	return "//" + strings.TrimSuffix(strings.TrimPrefix(d, "/*"), "*/") + "\n"
}

// cellSource writes the cell's file: hoisted variables, declarations,
// aliases that export lower-case type names, and the entry function.
func (g *generator) cellSource(cf *checkFile, n int) (src string, runs bool, err error) {
	imps := g.fileImports(cf)
	var vars, decls, body, helpers strings.Builder
	var names []string
	hasMain := false
	for _, d := range cf.ast.Decls {
		si := cf.decls[d]
		if si == nil {
			continue // an import
		}
		u := si.u
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name.Name != "_" {
				if d.Recv == nil && d.Name.Name == "main" {
					hasMain = true
				}
				if d.Recv == nil && d.Name.Name == "init" {
					runs = true
				}
				decls.WriteString(lineComment(u, 0) + g.edited(u, 0, len(u.text)) + "\n\n")
				continue
			}
			st := d.Body.List[0]
			if !si.trailing {
				body.WriteString(lineComment(u, 0) + g.edited(u, 0, len(u.text)) + "\n")
				continue
			}
			var x ast.Expr
			switch st := st.(type) {
			case *ast.AssignStmt:
				x = st.Rhs[0]
			case *ast.ExprStmt:
				x = st.X
			}
			xu, from, to := g.span(x)
			expr := xu.lineDirective(from) + g.edited(xu, from, to)
			tv := g.info.Types[x]
			switch tup, _ := tv.Type.(*types.Tuple); {
			case tv.IsVoid():
				body.WriteString(expr + "\n")
			case tup != nil:
				// fmt.Println(x) and the like: results are not shown.
				body.WriteString(expr + "\n")
			case isPlot(tv.Type):
				// A *plot.Plot shows as a PNG image.
				vg := imps.add(vgPath, "nbi_vg")
				imps.add("bytes", "nbi_bytes")
				fmt.Fprintf(&body, "nbv = []any{nnbookPlotValue(%s)}\n", expr)
				plot := imps.add(plotPath, "nbi_plot")
				fmt.Fprintf(&helpers, plotHelper, plot, plot, vg, vg)
			default:
				fmt.Fprintf(&body, "nbv = []any{%s}\n", expr)
			}
		case *ast.GenDecl:
			if d.Tok != token.VAR {
				decls.WriteString(lineComment(u, 0) + g.edited(u, 0, len(u.text)) + "\n\n")
				continue
			}
			var lhsNames []string
			if si.define {
				st, _, _ := stmtOf(u)
				for _, e := range st.(*ast.AssignStmt).Lhs {
					lhsNames = append(lhsNames, e.(*ast.Ident).Name)
				}
			}
			for _, sp := range d.Specs {
				vs := sp.(*ast.ValueSpec)
				var lhs []string
				for i, id := range vs.Names {
					name := id.Name
					if si.define {
						name = lhsNames[i]
					}
					if name == "_" {
						lhs = append(lhs, "_")
						continue
					}
					lhs = append(lhs, exported(name))
					obj, ok := g.info.Defs[id].(*types.Var)
					if !ok || id.Name == "_" {
						continue // assigned: defined earlier in the cell
					}
					typ, err := g.typeExpr(obj.Type(), imps, false)
					if err != nil {
						p := g.fset.Position(id.Pos())
						return "", false, compileError([]posError{{pos: p, msg: fmt.Sprintf("cannot keep %s: %v", name, err)}})
					}
					fmt.Fprintf(&vars, "\t%s %s\n", exported(name), typ)
					names = append(names, name)
				}
				if len(vs.Values) == 0 {
					continue
				}
				vu, from, _ := g.span(vs.Values[0])
				_, _, to := g.span(vs.Values[len(vs.Values)-1])
				fmt.Fprintf(&body, "%s = %s%s\n", strings.Join(lhs, ", "), vu.lineDirective(from), g.edited(vu, from, to))
			}
		}
	}

	var aliases strings.Builder
	for _, name := range g.pkg.Scope().Names() {
		tn, ok := g.pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok || tn.Exported() || g.where[tn] != nil {
			continue
		}
		params, args := "", ""
		if named, ok := tn.Type().(*types.Named); ok && !tn.IsAlias() && named.TypeParams().Len() > 0 {
			var ps, as []string
			for i := range named.TypeParams().Len() {
				tp := named.TypeParams().At(i)
				c, err := g.typeExpr(tp.Constraint(), imps, false)
				if err != nil {
					return "", false, err
				}
				ps = append(ps, tp.Obj().Name()+" "+c)
				as = append(as, tp.Obj().Name())
			}
			params, args = "["+strings.Join(ps, ", ")+"]", "["+strings.Join(as, ", ")+"]"
		}
		fmt.Fprintf(&aliases, "type %s%s = %s%s\n", exported(name), params, name, args)
	}

	var b strings.Builder
	fmt.Fprintf(&b, generatedHeader, cellFile(n))
	b.WriteString(imps.String())
	if vars.Len() > 0 {
		b.WriteString("\nvar (\n" + vars.String() + ")\n")
	}
	b.WriteString("\n" + decls.String())
	if aliases.Len() > 0 {
		b.WriteString(aliases.String() + "\n")
	}
	// The worker finds the cell's variables here: %whos shows their sizes,
	// and a variable defined again lets go of its old value.
	b.WriteString("// " + varsName + " points to the variables the cell defines, by user name.\n")
	b.WriteString("var " + varsName + " = map[string]any{")
	for i, name := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q: &%s", name, exported(name))
	}
	b.WriteString("}\n\n")
	b.WriteString(helpers.String())
	b.WriteString("func " + entryName + "() (nbv []any) {\n")
	b.WriteString(body.String())
	if hasMain {
		b.WriteString(exported("main") + "()\n")
	}
	b.WriteString("return nbv\n}\n")
	runs = runs || hasMain || body.Len() > 0 || len(names) > 0
	return b.String(), runs, nil
}
