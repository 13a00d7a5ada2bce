package live

import (
	"go/types"
	"maps"
	"slices"
)

// generate writes the package of cell n, checked as c, and the next live
// state: the cell's definitions replace those p changed.
func (t *translator) generate(st *state, c *checked, p *plan, units []*unit, n int, pkgPath string) (*translation, error) {
	files, pkg, info, where, changed := c.files, c.pkg, c.info, c.where, p.changed
	cf := files[0]
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
		if _, isVar := obj.(*types.Var); isVar {
			d.stmt, _, _ = g.locate(obj.Pos())
		} else {
			d.units = g.unitsOf(obj, files)
			d.cell = d.units[0].cell
			d.deps = map[string]bool{}
			for _, u := range d.units {
				maps.Copy(d.deps, g.deps[u])
			}
		}
		next.defs[name] = d
	}
	// Every import name lives on until a cell imports that name again
	// (IPython keeps np after import numpy as n2): one path may live
	// under several names.
	for _, is := range st.imports {
		// The check file imports every live name again: the cell keeps
		// those it did not import anew.
		if slices.ContainsFunc(cellImports, func(c importSpec) bool { return c.name == is.name && c.path == is.path }) ||
			!slices.ContainsFunc(cellImports, func(c importSpec) bool { return c.name == is.name }) {
			next.imports = append(next.imports, is)
		}
	}
	for _, is := range cellImports {
		if !slices.ContainsFunc(next.imports, func(c importSpec) bool { return c.name == is.name }) {
			is.cell = n
			next.imports = append(next.imports, is)
		}
	}
	tr.next = next
	return tr, nil
}
