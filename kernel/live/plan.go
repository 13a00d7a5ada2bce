package live

import (
	"cmp"
	"go/ast"
	"go/types"
	"maps"
	"slices"

	"github.com/nnbook/nnbook/kernel/cell"
)

// plan is which live definitions a cell emits again, and why.
type plan struct {
	// changed are the names the cell defines or emits again: their old
	// definitions leave the scope of the check.
	changed map[string]bool
	// again are the units of earlier cells emitted again with the cell,
	// by cell and line.
	again []*unit
	// why says, for errors, why each definition is emitted again.
	why []string
}

// planCell decides which live definitions of st the cell of check file
// cf emits again: the types it declares methods on, and, transitively,
// every function, type and constant that uses a name the cell redefines,
// so that they bind to the new definition (late binding, as in Python).
func planCell(st *state, cf *checkFile) *plan {
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

	return &plan{changed: changed, again: again, why: why}
}
