package live

import (
	"errors"
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

// Import paths of gonum/plot, whose *plot.Plot a cell's value may be.
const (
	plotPath = "gonum.org/v1/plot"
	vgPath   = "gonum.org/v1/plot/vg"
)

// isPlot reports whether t is *plot.Plot.
func isPlot(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := p.Elem().(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == plotPath && n.Obj().Name() == "Plot"
}

// plotHelper shows a *plot.Plot: the worker renders values with a PNG
// method as image/png.
const plotHelper = `// nnbookPlotValue is the value shown for p: a nil plot shows as such.
func nnbookPlotValue(p *%s.Plot) any {
	if p == nil {
		return p
	}
	return nnbookPlot{p}
}

// nnbookPlot shows a plot as a PNG image of 6 × 4 inches.
type nnbookPlot struct{ p *%s.Plot }

func (p nnbookPlot) PNG() []byte {
	w, err := p.p.WriterTo(6*%s.Inch, 4*%s.Inch, "png")
	if err != nil {
		panic(err)
	}
	var b nbi_bytes.Buffer
	if _, err := w.WriteTo(&b); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func (p nnbookPlot) String() string {
	if p.p.Title.Text == "" {
		return "plot"
	}
	return "plot: " + p.p.Title.Text
}

`

// unitSource writes the file of a unit emitted again.
func (g *generator) unitSource(f *checkFile) string {
	u := f.units[0]
	var b strings.Builder
	fmt.Fprintf(&b, generatedHeader, cellFile(u.cell))
	b.WriteString(g.fileImports(f).String())
	b.WriteString("\n" + lineComment(u, 0) + g.edited(u, 0, len(u.text)) + "\n")
	return b.String()
}

// unitsOf returns the units that declare obj: for a type, its declaration
// and the declarations of its methods.
func (g *generator) unitsOf(obj types.Object, files []*checkFile) []*unit {
	var out []*unit
	add := func(p token.Pos) {
		if u, _, ok := g.locate(p); ok && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	add(obj.Pos())
	if tn, ok := obj.(*types.TypeName); ok && !tn.IsAlias() {
		if named, ok := tn.Type().(*types.Named); ok {
			for m := range named.Methods() {
				add(m.Pos())
			}
		}
	}
	return out
}

// errUnnamed reports a type that generated code cannot spell.
var errUnnamed = errors.New("its type cannot be named outside the cell")

// typeExpr spells t in generated code, adding the imports it needs.
// embedded asks for the exported alias of a notebook type, so that an
// embedded field gets the exported name.
func (g *generator) typeExpr(t types.Type, imps *importSet, embedded bool) (string, error) {
	switch t := t.(type) {
	case *types.Basic:
		if t.Kind() == types.UnsafePointer {
			return imps.add("unsafe", "unsafe") + ".Pointer", nil
		}
		if t.Info()&types.IsUntyped != 0 {
			return "", errUnnamed
		}
		return t.Name(), nil
	case *types.Alias:
		if t.Obj().Pkg() == nil {
			return t.Obj().Name(), nil
		}
		return g.typeExpr(types.Unalias(t), imps, embedded)
	case *types.Named:
		obj := t.Obj()
		var name string
		switch {
		case obj.Pkg() == nil:
			name = obj.Name() // error, comparable
		case obj.Pkg().Path() == checkPath:
			switch d := g.where[obj]; {
			case d != nil:
				name = imps.add(d.pkg, cellAlias(d.pkg)) + "." + exported(obj.Name())
			case obj.Parent() == g.pkg.Scope():
				name = obj.Name()
				if embedded {
					name = exported(obj.Name())
				}
			default:
				return "", fmt.Errorf("its type %s is declared inside a function", obj.Name())
			}
		case !obj.Exported():
			return "", fmt.Errorf("its type %s.%s is not exported", obj.Pkg().Name(), obj.Name())
		default:
			name = imps.add(obj.Pkg().Path(), "nbi_"+obj.Pkg().Name()) + "." + obj.Name()
		}
		if t.TypeArgs().Len() > 0 {
			var as []string
			for a := range t.TypeArgs().Types() {
				s, err := g.typeExpr(a, imps, false)
				if err != nil {
					return "", err
				}
				as = append(as, s)
			}
			name += "[" + strings.Join(as, ", ") + "]"
		}
		return name, nil
	case *types.TypeParam:
		return t.Obj().Name(), nil
	case *types.Pointer:
		s, err := g.typeExpr(t.Elem(), imps, embedded)
		return "*" + s, err
	case *types.Slice:
		s, err := g.typeExpr(t.Elem(), imps, false)
		return "[]" + s, err
	case *types.Array:
		s, err := g.typeExpr(t.Elem(), imps, false)
		return "[" + strconv.FormatInt(t.Len(), 10) + "]" + s, err
	case *types.Map:
		k, err := g.typeExpr(t.Key(), imps, false)
		if err != nil {
			return "", err
		}
		v, err := g.typeExpr(t.Elem(), imps, false)
		return "map[" + k + "]" + v, err
	case *types.Chan:
		s, err := g.typeExpr(t.Elem(), imps, false)
		switch t.Dir() {
		case types.SendOnly:
			return "chan<- " + s, err
		case types.RecvOnly:
			return "<-chan " + s, err
		}
		return "chan (" + s + ")", err
	case *types.Signature:
		s, err := g.signature(t, imps)
		return "func" + s, err
	case *types.Struct:
		var fs []string
		for i := range t.NumFields() {
			f := t.Field(i)
			s, err := g.typeExpr(f.Type(), imps, f.Embedded())
			if err != nil {
				return "", err
			}
			if !f.Embedded() {
				name := f.Name()
				if f.Pkg() != nil && f.Pkg().Path() == checkPath {
					name = exported(name)
				} else if !f.Exported() {
					return "", fmt.Errorf("its type has the unexported field %s", f.Name())
				}
				s = name + " " + s
			}
			if tag := t.Tag(i); tag != "" {
				s += " " + strconv.Quote(tag)
			}
			fs = append(fs, s)
		}
		return "struct{" + strings.Join(fs, "; ") + "}", nil
	case *types.Interface:
		var ms []string
		for i := range t.NumEmbeddeds() {
			s, err := g.typeExpr(t.EmbeddedType(i), imps, false)
			if err != nil {
				return "", err
			}
			ms = append(ms, s)
		}
		for i := range t.NumExplicitMethods() {
			m := t.ExplicitMethod(i)
			name := m.Name()
			if m.Pkg() != nil && m.Pkg().Path() == checkPath {
				name = exported(name)
			} else if !m.Exported() {
				return "", fmt.Errorf("its type has the unexported method %s", m.Name())
			}
			s, err := g.signature(m.Signature(), imps)
			if err != nil {
				return "", err
			}
			ms = append(ms, name+s)
		}
		return "interface{" + strings.Join(ms, "; ") + "}", nil
	case *types.Union:
		var ts []string
		for i := range t.Len() {
			s, err := g.typeExpr(t.Term(i).Type(), imps, false)
			if err != nil {
				return "", err
			}
			if t.Term(i).Tilde() {
				s = "~" + s
			}
			ts = append(ts, s)
		}
		return strings.Join(ts, " | "), nil
	}
	return "", errUnnamed
}

// signature spells the parameters and results of a function type.
func (g *generator) signature(sig *types.Signature, imps *importSet) (string, error) {
	tuple := func(t *types.Tuple, variadic bool) (string, error) {
		var ps []string
		for i := range t.Len() {
			typ := t.At(i).Type()
			prefix := ""
			if variadic && i == t.Len()-1 {
				typ = typ.(*types.Slice).Elem()
				prefix = "..."
			}
			s, err := g.typeExpr(typ, imps, false)
			if err != nil {
				return "", err
			}
			ps = append(ps, prefix+s)
		}
		return "(" + strings.Join(ps, ", ") + ")", nil
	}
	p, err := tuple(sig.Params(), sig.Variadic())
	if err != nil {
		return "", err
	}
	r, err := tuple(sig.Results(), false)
	if err != nil {
		return "", err
	}
	if sig.Results().Len() == 0 {
		return p, nil
	}
	return p + " " + r, nil
}
