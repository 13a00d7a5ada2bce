package live

import (
	"go/types"

	"github.com/nnbook/nnbook/kernel/scope"
)

// snapshot returns the scope of completion and inspection for the live
// state st: every live definition with the object of its type-check (the
// methods of notebook types too), its doc comment and source, and every
// live import name with the package its check imported.
func (s *Session) snapshot(st *state) *scope.Snapshot {
	var defs []scope.Def
	for _, d := range st.defs {
		defs = append(defs, scope.Def{Object: d.obj, Doc: d.doc(), Source: d.source(), Cell: d.cell})
		tn, ok := d.obj.(*types.TypeName)
		if !ok {
			continue
		}
		named, ok := types.Unalias(tn.Type()).(*types.Named)
		if !ok || tn.IsAlias() {
			continue
		}
		methods := map[string]*unit{} // the method units, by name
		for _, u := range d.units[1:] {
			methods[methodName(u)] = u
		}
		for m := range named.Methods() {
			def := scope.Def{Object: m, Cell: d.cell}
			if u := methods[m.Name()]; u != nil {
				def.Doc, def.Source, def.Cell = u.doc, u.text, u.cell
			}
			defs = append(defs, def)
		}
	}
	imports := make([]scope.Import, len(st.imports))
	for i, is := range st.imports {
		imports[i] = scope.Import{Name: is.name, Path: is.path, Package: is.pkg}
	}
	return scope.New(scope.Config{Defs: defs, Imports: imports, Packages: s.packages, Summary: s.summary, Magics: magicNames})
}

// summary returns the summary of the value of the live variable name for
// inspection: its size and its %v, cut. It does not wait for a running
// cell: inspection then shows the variable without its value.
func (s *Session) summary(name string) (string, bool) {
	w := s.current()
	if w == nil {
		return "", false
	}
	sum, err := w.summary(name)
	if err != nil || sum == nil {
		return "", false
	}
	if sum.Size == "" {
		return sum.Value, true
	}
	return sum.Size + ": " + sum.Value, true
}

// doc returns the doc comment of d's declaration; "" for a variable.
func (d *def) doc() string {
	if len(d.units) > 0 {
		return d.units[0].doc
	}
	if d.stmt != nil {
		return d.stmt.doc
	}
	return ""
}

// source returns the declaration of d as its cell wrote it: the
// declaration of a function, type or constant, the statement that
// declared a variable.
func (d *def) source() string {
	if len(d.units) > 0 {
		return d.units[0].text
	}
	if d.stmt != nil {
		return d.stmt.text
	}
	return ""
}
