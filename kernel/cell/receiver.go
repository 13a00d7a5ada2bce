package cell

import "go/ast"

// ReceiverBase returns the name of the base type of a method receiver
// expression (T in T, *T, T[K] and (*T)), or "" when it has none.
func ReceiverBase(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}
