package live

import (
	"go/ast"

	"github.com/nnbook/nnbook/kernel/contract"
)

// missingImports is a type-check error where some undefined names are used
// as packages (rand.New): automatic imports may resolve them, with the
// session's [cell.ImportIndex].
type missingImports struct {
	err *contract.Error
	// names are the undefined package names, each with the selectors the
	// cell uses on it.
	names map[string][]string
}

func (m *missingImports) Error() string { return m.err.Error() }
func (m *missingImports) Unwrap() error { return m.err }

// selectorBases returns, by position, the identifiers of files that are
// the left of a selector (x in x.Sel), with the selectors used.
func selectorBases(files []*checkFile) map[*ast.Ident]string {
	out := map[*ast.Ident]string{}
	for _, f := range files {
		ast.Inspect(f.ast, func(n ast.Node) bool {
			if se, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := se.X.(*ast.Ident); ok {
					out[id] = se.Sel.Name
				}
			}
			return true
		})
	}
	return out
}
