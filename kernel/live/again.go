package live

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

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
