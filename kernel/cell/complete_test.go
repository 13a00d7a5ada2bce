package cell_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestComplete(t *testing.T) {
	s := newSession(t)
	if res, _ := execute(t, s, 1, "import m \"gonum.org/v1/gonum/mat\"\n\nfunc trainStep() {}\ntype trainer struct{}\nvar trainRate = 0.1"); res.Err != nil {
		t.Fatal(res.Err)
	}
	tests := []struct {
		code       string
		want       []string // exactly these, in this order
		contains   []string // at least these
		replaceLen int      // runes the matches replace
	}{
		{code: "fmt.Printl", want: []string{"Println"}, replaceLen: 6},
		{code: "%%\nfmt.Printl", want: []string{"Println"}, replaceLen: 6},
		{code: "import \"strings\"\nstrings.ToUpp", want: []string{"ToUpper", "ToUpperSpecial"}, replaceLen: 5},
		{code: "mat.NewDen", want: []string{"NewDense"}, replaceLen: 6},
		{code: "m.NewDi", want: []string{"NewDiagDense", "NewDiagonalRect"}, replaceLen: 5},
		{code: "import str \"strings\"\nstr.TrimSpa", want: []string{"TrimSpace"}, replaceLen: 7},
		{code: "rand.IntN", want: []string{"IntN"}, replaceLen: 4},
		{code: "plotter.NewLin", want: []string{"NewLine", "NewLinePoints"}, replaceLen: 6},
		{code: "train", want: []string{"trainRate", "trainStep", "trainer"}, replaceLen: 5},
		{code: "x := 1\nfmt.Println(\"é\", trai", contains: []string{"trainStep"}, replaceLen: 4},
		{code: "myLocal := 2\nmyL", want: []string{"myLocal"}, replaceLen: 3},
		{code: "fun", want: []string{"func"}, replaceLen: 3},
		{code: "appe", want: []string{"append"}, replaceLen: 4},
		{code: "strc", want: []string{"strconv"}, replaceLen: 4},
		{code: "nosuchpkg.Fo", want: nil, replaceLen: 2},
		{code: "fmt.", contains: []string{"Errorf", "Println", "Stringer"}, replaceLen: 0},
	}
	for _, tt := range tests {
		cursor := utf8.RuneCountInString(tt.code)
		got, start, end := s.Complete(tt.code, cursor)
		if tt.want != nil || tt.contains == nil {
			if !slices.Equal(got, tt.want) {
				t.Errorf("Complete(%q) = %q, want %q", tt.code, got, tt.want)
			}
		}
		for _, c := range tt.contains {
			if !slices.Contains(got, c) {
				t.Errorf("Complete(%q) = %q, want it to contain %q", tt.code, got, c)
			}
		}
		if end != cursor || start != cursor-tt.replaceLen {
			t.Errorf("Complete(%q) replaces [%d, %d), want [%d, %d)", tt.code, start, end, cursor-tt.replaceLen, cursor)
		}
	}
}

func TestInspect(t *testing.T) {
	s := newSession(t)
	if res, _ := execute(t, s, 1, "// double returns 2x.\nfunc double(x int) int { return 2 * x }"); res.Err != nil {
		t.Fatal(res.Err)
	}
	tests := []struct {
		code   string
		cursor int // -1: end of code
		want   []string
	}{
		{"fmt.Println", -1, []string{"func Println(a ...any) (n int, err error)", "Println formats using the default formats"}},
		{"fmt.Println(", -1, []string{"func Println(a ...any)"}},
		{"fmt.Println(x)", 5, []string{"func Println(a ...any)"}},
		{"import \"strings\"\nstrings.ToUpper", -1, []string{"func ToUpper(s string) string"}},
		{"mat.NewDense", -1, []string{"func NewDense(r, c int, data []float64) *Dense"}},
		{"mat.Dense", -1, []string{"type Dense struct", "Dense is a dense matrix representation"}},
		{"math.Pi", -1, []string{"Pi", "3.14159"}},
		{"double", -1, []string{"// double returns 2x.", "func double(x int) int"}},
		{"fmt", -1, []string{"package fmt", "Package fmt implements formatted I/O"}},
		{"append", -1, []string{"func append(slice []Type, elems ...Type) []Type"}},
	}
	for _, tt := range tests {
		cursor := tt.cursor
		if cursor < 0 {
			cursor = utf8.RuneCountInString(tt.code)
		}
		data, found := s.Inspect(tt.code, cursor, 0)
		if !found {
			t.Errorf("Inspect(%q, %d): not found", tt.code, cursor)
			continue
		}
		plain, _ := data["text/plain"].(string)
		md, _ := data["text/markdown"].(string)
		for _, w := range tt.want {
			if !strings.Contains(plain, w) || !strings.Contains(md, w) {
				t.Errorf("Inspect(%q, %d) = %q, want it to contain %q", tt.code, cursor, plain, w)
			}
		}
	}
	for _, code := range []string{"nosuchpkg.Foo", "", "fmt.NoSuchName", "1 + 2"} {
		if data, found := s.Inspect(code, utf8.RuneCountInString(code), 0); found {
			t.Errorf("Inspect(%q) = %v, want not found", code, data)
		}
	}
}
