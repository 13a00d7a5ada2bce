package cell

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

// splitSeeds are cells of the kinds notebooks hold.
var splitSeeds = []string{
	"x := 1\ny := x + 1",
	"// Square returns x².\nfunc Square(x float64) float64 { return x * x }\n\nfmt.Println(Square(2))",
	"import \"fmt\"\nfunc (p *T) M() {}\ntype T struct{ a int }\nconst c = 3\nvar v = []int{1, 2}",
	"if err := f(); err != nil {\n\tpanic(err)\n} else if x := g(); x {\n}\nfor i := 0; i < 3; i++ {\n}",
	"x := 1 // trailing\n// doc of f\nfunc f() {}\n\n// detached\n\ny := func() int { return 1 }()",
	"switch x := v.(type) {\ncase int:\n\t_ = x\n}\nL: for range []int{1, 2} {\n\tbreak L\n}",
	"type (\n\tA int\n\tB = A\n)\nfunc G[T any](t T) T { return t }",
}

func FuzzSplit(f *testing.F) {
	for _, s := range splitSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		units, err := Split(src, 1)
		if err != nil {
			return
		}
		checkSplit(t, src, units)
	})
}

func TestSplitSeeds(t *testing.T) {
	for _, s := range splitSeeds {
		units, err := Split(s, 1)
		if err != nil {
			t.Fatalf("Split(%q): %v", s, err)
		}
		checkSplit(t, s, units)
	}
}

// checkSplit compares units with go/parser: a cell that parses as a file
// of declarations splits into exactly its declarations (with their doc
// comments), and a cell that parses as a function body splits into its
// statements.
func checkSplit(t *testing.T, src string, units []Unit) {
	t.Helper()
	const filePrefix = "package p\n"
	fset := token.NewFileSet()
	if f, err := parser.ParseFile(fset, "", filePrefix+src, parser.ParseComments|parser.SkipObjectResolution); err == nil {
		if len(units) != len(f.Decls) {
			t.Fatalf("%q: %d units, go/parser finds %d declarations", src, len(units), len(f.Decls))
		}
		tf := fset.File(f.Package)
		for i, d := range f.Decls {
			start, doc := tf.Offset(d.Pos())-len(filePrefix), tf.Offset(d.Pos())-len(filePrefix)
			var g *ast.CommentGroup
			switch d := d.(type) {
			case *ast.FuncDecl:
				g = d.Doc
			case *ast.GenDecl:
				g = d.Doc
			}
			if g != nil {
				doc = tf.Offset(g.Pos()) - len(filePrefix)
			}
			end := tf.Offset(d.End()) - len(filePrefix)
			if u := units[i]; u.Start != start || u.End != end || u.Doc != doc {
				t.Errorf("%q: unit %d is [%d,%d) doc %d, go/parser says [%d,%d) doc %d", src, i, u.Start, u.End, u.Doc, start, end, doc)
			}
			if _, isFunc := d.(*ast.FuncDecl); isFunc != (units[i].Kind == UnitFunc) {
				t.Errorf("%q: unit %d has kind %d, go/parser says func %v", src, i, units[i].Kind, isFunc)
			}
		}
		return
	}
	const bodyPrefix = "package p;func _(){\n"
	f, err := parser.ParseFile(fset, "", bodyPrefix+src+"\n}", parser.SkipObjectResolution)
	if err != nil {
		return
	}
	tf := fset.File(f.Package)
	body := f.Decls[0].(*ast.FuncDecl).Body.List
	var stmts []ast.Stmt
	for _, st := range body {
		if _, empty := st.(*ast.EmptyStmt); !empty {
			stmts = append(stmts, st)
		}
	}
	if len(units) != len(stmts) {
		t.Fatalf("%q: %d units, go/parser finds %d statements", src, len(units), len(stmts))
	}
	for i, st := range stmts {
		start, end := tf.Offset(st.Pos())-len(bodyPrefix), tf.Offset(st.End())-len(bodyPrefix)
		if l, ok := st.(*ast.LabeledStmt); ok {
			if e, ok := l.Stmt.(*ast.EmptyStmt); ok && e.Implicit {
				end = units[i].End // go/parser ends "L:" after its implicit semicolon
			}
		}
		if u := units[i]; u.Start != start || u.End != end {
			t.Errorf("%q: unit %d is [%d,%d), go/parser says [%d,%d)", src, i, u.Start, u.End, start, end)
		}
	}
}

func TestUnitDoc(t *testing.T) {
	src := "x := 1 // not a doc\n// Square returns x².\n//\n// It is exact.\nfunc Square(x float64) float64 { return x * x }\n\n// detached\n\ny := 2"
	units, err := Split(src, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 3 {
		t.Fatalf("%d units, want 3", len(units))
	}
	if got, want := CommentText(src[units[1].Doc:units[1].Start]), "Square returns x².\n\nIt is exact.\n"; got != want {
		t.Errorf("doc of Square = %q, want %q", got, want)
	}
	for _, i := range []int{0, 2} {
		if units[i].Doc != units[i].Start {
			t.Errorf("unit %d has doc %q, want none", i, src[units[i].Doc:units[i].Start])
		}
	}
}
