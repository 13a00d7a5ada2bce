package scope_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"log"

	"github.com/nnbook/nnbook/kernel/scope"
)

// cellSource is a cell an executor has run: its definitions are live.
const cellSource = `package nb

// point is a point in the plane.
type point struct{ x, y float64 }

// Norm returns the squared norm of p.
func (p *point) Norm() float64 { return p.x*p.x + p.y*p.y }

// origin is where the axes cross.
var origin = &point{}

var learningRate = 0.1
`

// liveDefs type-checks cellSource as an executor does and returns its
// definitions.
func liveDefs() []scope.Def {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell1.go", cellSource, parser.ParseComments)
	if err != nil {
		log.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	if _, err := new(types.Config).Check("nb", fset, []*ast.File{f}, info); err != nil {
		log.Fatal(err)
	}
	return scope.DefsOf(fset, f, []byte(cellSource), info, 1)
}

func ExampleSnapshot_Complete() {
	s := scope.New(scope.Config{Defs: liveDefs()})
	code := "origin."
	c := s.Complete(code, len([]rune(code)))
	fmt.Println(c.Matches, c.Start, c.End)
	for _, it := range c.Items {
		fmt.Printf("%s %s %s\n", it.Text, it.Kind, it.Signature)
	}
	// A name the cell defines before the cursor is typed too.
	code = "p := *origin\np.N"
	fmt.Println(s.Complete(code, len([]rune(code))).Matches)
	// Output:
	// [Norm x y] 7 7
	// Norm method func() float64
	// x field float64
	// y field float64
	// [Norm]
}

func ExampleSnapshot_Inspect() {
	summary := func(name string) (string, bool) {
		if name == "origin" {
			return "&{x:0 y:0}", true
		}
		return "", false
	}
	s := scope.New(scope.Config{Defs: liveDefs(), Summary: summary})
	data, found := s.Inspect("origin", 6, 0)
	fmt.Println(found)
	fmt.Println(data["text/plain"])
	// Output:
	// true
	// var origin *point
	//
	// value: &{x:0 y:0}
	//
	// origin is where the axes cross.
	//
	// type point: point is a point in the plane.
}

func ExampleSnapshot_DidYouMean() {
	s := scope.New(scope.Config{Defs: liveDefs()})
	fmt.Println(s.DidYouMean("fmt.Println(learningRat)", "undefined: learningRat"))
	fmt.Println(s.DidYouMean("origin.nrm()", "origin.nrm undefined (type *point has no field or method nrm)"))
	// Output:
	// did you mean learningRate?
	// did you mean Norm?
}

func ExampleSuggest() {
	fmt.Println(scope.Suggest("Printn", []string{"Print", "Printf", "Println", "Sprint"}))
	// Output: [Print Printf Println]
}

func ExampleDefsOf() {
	for _, d := range liveDefs() {
		fmt.Printf("%s (cell %d): %q\n", d.Object.Name(), d.Cell, d.Doc)
	}
	// Output:
	// point (cell 1): "point is a point in the plane.\n"
	// Norm (cell 1): "Norm returns the squared norm of p.\n"
	// origin (cell 1): "origin is where the axes cross.\n"
	// learningRate (cell 1): ""
}

func ExampleImportsOf() {
	src := `package nb

import (
	m "math"
	"strings"
	_ "embed"
)

var _ = m.Pi + float64(strings.Count("", ""))
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell2.go", src, 0)
	if err != nil {
		log.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{}}
	conf := types.Config{Importer: importer.Default()}
	if _, err := conf.Check("nb", fset, []*ast.File{f}, info); err != nil {
		log.Fatal(err)
	}
	for _, im := range scope.ImportsOf(f, info) {
		fmt.Println(im.Name, im.Path, im.Package.Scope().Lookup("Pi") != nil)
	}
	// Output:
	// m math true
	// strings strings false
}
