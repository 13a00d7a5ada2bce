package scope_test

import (
	"fmt"
	"go/types"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// memberCells define types with every way of reaching a field or method:
// pointers, embedding by value and by pointer, promotion through two
// levels, ambiguous names at one depth, generic instantiations,
// interfaces, and standard-library types with unexported members.
var memberCells = []string{
	`import "strings"
import "net/http"
import "bytes"

// point is a point in the plane.
type point struct{ x, y float64 }

// Norm returns the Euclidean norm of p.
func (p point) Norm() float64 { return p.x*p.x + p.y*p.y }

// Scale multiplies p by k.
func (p *point) Scale(k float64) { p.x *= k; p.y *= k }

type named struct{ Name string; id int }

func (n named) Hello() string { return n.Name }

// circle embeds a point by value and a named by pointer.
type circle struct {
	point
	*named
	R float64
}

type a struct{ Dup int; OnlyA int }
type b struct{ Dup int; OnlyB int }
// both embeds two structs with a field of the same name at one depth.
type both struct{ a; b }

// Stack is a generic stack.
type Stack[T any] struct{ items []T }

// Push puts v on top.
func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

// Top returns the top.
func (s Stack[T]) Top() T { return s.items[len(s.items)-1] }

type layered struct {
	circle
	strings.Builder
}

type inner struct{ X int }
type left struct{ inner }
type right struct{ inner }
// diamond reaches inner.X by two paths at one depth: ambiguous.
type diamond struct{ left; right }

// ptrShadow's pointer method X shadows the promoted field X, also on
// values that are not addressable, where X cannot be called.
type ptrShadow struct{ inner }
func (p *ptrShadow) X() {}

type fm1 struct{ Y int }
type fm2 struct{}
func (fm2) Y() {}
// fieldMethod has a field and a method Y at one depth: ambiguous.
type fieldMethod struct{ fm1; fm2 }

type shape interface {
	Area() float64
	fmt() string
}
`,
	`import "math"
var (
	p      = point{1, 2}
	pp     = &point{3, 4}
	c      = circle{point: point{1, 1}, named: &named{Name: "c"}, R: 2}
	ab     both
	st     Stack[int]
	sts    = &Stack[string]{}
	l      layered
	net    = &http.Server{}
	buf    bytes.Buffer
	sb     = new(strings.Builder)
	sh     shape
	ms     = map[string]*point{}
	ps     = []point{{1, 2}}
	fn     = func() *circle { return &c }
	two    = math.Sqrt2
	dia    diamond
	psh    ptrShadow
	fmx    fieldMethod
)

func mk() point { return point{} }
func mkp() *point { return &point{} }
`,
}

// TestSelectorAgreesWithTypeChecker checks, for each operand x, that the
// completions of "x." are exactly the names n for which "x.n" type-checks
// in a later cell: the type checker is the truth.
func TestSelectorAgreesWithTypeChecker(t *testing.T) {
	nb := newNotebook(t, memberCells...)
	s := nb.snapshot(nil)
	operands := []string{
		"p", "pp", "c", "c.point", "c.named", "ab", "st", "sts", "l", "l.circle", "net", "buf", "sb", "sh",
		`ms["k"]`, "ps[0]", "fn()", "mk()", "mkp()", "point", "(*point)", "Stack[int]", "named{}", "two",
		"net.Handler", "buf.Bytes()", "strings.NewReader(\"x\")", "http.DefaultClient",
		"dia", "dia.left", "psh", "ptrShadow{}", "(&psh)", "fmx", "fieldMethod{}",
	}
	for _, x := range operands {
		code := x + "."
		got := s.Complete(code, utf8.RuneCountInString(code)).Matches
		want := typeCheckedSelectors(t, nb, x)
		if !slices.Equal(got, want) {
			t.Errorf("Complete(%q) = %q\n type checker accepts %q", code, got, want)
		}
	}
}

// typeCheckedSelectors returns, sorted, the names n for which x.n
// type-checks as an expression in a later cell, among the names of every
// field and method of every type go/types knows in the notebook's scope
// and the universe of the operand's type.
func typeCheckedSelectors(t *testing.T, nb *notebook, x string) []string {
	t.Helper()
	candidates := map[string]bool{"NoSuchName": true}
	_, _, info, _, errs := nb.check("var _ = " + x)
	if len(errs) > 0 {
		// Not an expression: a type, whose method expressions count.
		_, _, info, _, errs = nb.check("var _ " + x)
		if len(errs) > 0 {
			t.Fatalf("operand %q: %v", x, errs[0])
		}
	}
	for _, tv := range info.Types {
		collectNames(tv.Type, candidates, map[types.Type]bool{})
	}
	names := slices.Sorted(maps.Keys(candidates))
	var src strings.Builder
	for i, n := range names {
		fmt.Fprintf(&src, "func _%d() { _ = %s.%s }\n", i, x, n)
	}
	_, _, _, _, errs = nb.check(src.String())
	bad := map[int]bool{}
	for _, e := range errs {
		line := nb.fset.Position(e.Pos).Line - 1 - len(nb.imports) - 1 // the package clause and imports come first
		bad[line] = true
	}
	var ok []string
	for i, n := range names {
		if !bad[i] {
			ok = append(ok, n)
		}
	}
	return ok
}

// collectNames adds the names of the fields and methods of t, its
// pointer, and the types they lead to, to names.
func collectNames(t types.Type, names map[string]bool, seen map[types.Type]bool) {
	if t == nil || seen[t] {
		return
	}
	seen[t] = true
	for _, mt := range []types.Type{t, types.NewPointer(t)} {
		ms := types.NewMethodSet(mt)
		for i := range ms.Len() {
			names[ms.At(i).Obj().Name()] = true
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		collectNames(u.Elem(), names, seen)
	case *types.Struct:
		for i := range u.NumFields() {
			names[u.Field(i).Name()] = true
			collectNames(u.Field(i).Type(), names, seen)
		}
	case *types.Interface:
		for i := range u.NumMethods() {
			names[u.Method(i).Name()] = true
		}
	}
}
