package live

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

// TestCounted checks which loops count to a bound fixed when they start.
func TestCounted(t *testing.T) {
	for _, tt := range []struct {
		loop string
		want bool
	}{
		{"for i := 0; i < n; i++ { s += a[i] }", true},
		{"for i := n - 1; i >= 0; i-- { s += a[i] }", true},
		{"for i := 0; i <= n; i += 2 { s += a[i] }", true},
		{"for i = 0; i < n; i++ { s++ }", true},
		{"for i := 0; i < n; i++ { i-- }", false},             // the body moves the counter
		{"for i := 0; i < n; i++ { i = 0 }", false},           // resets it
		{"for i := 0; i < n; i++ { p := &i; *p = 0 }", false}, // through its address
		{"for i := 0; i < n; i += k { s++ }", false},          // a step that may be 0
		{"for i := 0; n > i; i++ { s++ }", false},             // bound on the left: not recognised
		{"for i := 0; i != n; i++ { s++ }", false},            // may step over the bound
		{"for i := 0; i < n; j++ { s++ }", false},             // counts another variable
		{"for x < 10 { y++ }", false},
		{"for { s++ }", false},
	} {
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p\nfunc _() {\n"+tt.loop+"\n}", 0)
		if err != nil {
			t.Fatalf("%s: %v", tt.loop, err)
		}
		loop := f.Decls[0].(*ast.FuncDecl).Body.List[0].(*ast.ForStmt)
		if got := counted(loop); got != tt.want {
			t.Errorf("counted(%s) = %v, want %v", tt.loop, got, tt.want)
		}
	}
}

// TestRangesOverData checks which range loops go over data of a length
// fixed when they start, rather than over a stream.
func TestRangesOverData(t *testing.T) {
	for _, tt := range []struct {
		loop string
		want bool
	}{
		{"for i := range a { s += a[i] }", true},
		{"for i, v := range ch { s += v * float64(i) }", true}, // two variables: not a channel
		{"for range 3 { s++ }", true},
		{"for _, v := range m.rows[0] { s += v }", true},
		{"for v := range time.Tick(d) { n++ }", false},
		{"for v := range slices.Values(a) { n++ }", false},
	} {
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p\nfunc _() {\n"+tt.loop+"\n}", 0)
		if err != nil {
			t.Fatalf("%s: %v", tt.loop, err)
		}
		loop := f.Decls[0].(*ast.FuncDecl).Body.List[0].(*ast.RangeStmt)
		if got := rangesOverData(loop); got != tt.want {
			t.Errorf("rangesOverData(%s) = %v, want %v", tt.loop, got, tt.want)
		}
	}
}
