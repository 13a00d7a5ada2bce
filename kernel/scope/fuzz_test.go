package scope_test

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzComplete checks that completion, inspection and did-you-mean never
// panic on any cell and cursor, and that completions replace the
// identifier before the cursor with names that extend it.
func FuzzComplete(f *testing.F) {
	for _, seed := range []string{
		"net.", "net.Fi", "srv.Handler.", "m.Sq", "x := mk()\nx.", "fmt.Println(net.", "hist[0].", "(*trainer).",
		"func f() { for i := range 3 { i.", "type T struct{ a int }\nvar t T\nt.", "\"net.", "// net.", "x := `",
		"a, b := srv.Addr, 1\nb.", "import (\n\"os\"\n)\nos.", "var (\nx = 1\ny\n", "f(g(h(", "]]}).", "é.ü.",
		"type T[P any] struct{}\nvar t T[int]\nt.", "func (", "x := func() int { return 1 }\nx().",
		"func (t *trainer) M(n int) {\n\tfor k, v := range map[string]int{} {\n\t\tif x, ok := v, true; ok {\n\t\t\tt.",
		"for _, p := range []struct{ a int }{{1}} {\n\tp.", "switch x := net.(type) {\ncase int:\n\tx.", "for range {", "func f[T any](x T) {\n\tx.", "t := trainer{ep", "x := T{a: \"}\", b", "f(`{`, {",
	} {
		f.Add(seed, utf8.RuneCountInString(seed))
	}
	s := newNotebook(f, sessionCells...).snapshot(func(string) (string, bool) { return "v", true })
	f.Fuzz(func(t *testing.T, code string, cursor int) {
		c := s.Complete(code, cursor)
		n := utf8.RuneCountInString(code)
		want := max(0, min(cursor, n))
		if c.End != want || c.Start < 0 || c.Start > c.End {
			t.Fatalf("Complete(%q, %d) replaces [%d, %d), cursor %d", code, cursor, c.Start, c.End, want)
		}
		if len(c.Items) != len(c.Matches) {
			t.Fatalf("Complete(%q, %d): %d items for %d matches", code, cursor, len(c.Items), len(c.Matches))
		}
		prefix := string([]rune(code)[c.Start:c.End])
		for _, m := range c.Matches {
			if !strings.HasPrefix(m, prefix) {
				t.Fatalf("Complete(%q, %d) = %q: %q does not extend %q", code, cursor, c.Matches, m, prefix)
			}
		}
		for _, d := range []int{0, 1} {
			if data, found := s.Inspect(code, cursor, d); found && data["text/plain"] == "" {
				t.Fatalf("Inspect(%q, %d) found an empty page", code, cursor)
			}
		}
		_ = s.DidYouMean(code, "undefined: "+prefix)
		_ = s.DidYouMean(code, code+" undefined (type T has no field or method "+prefix+")")
	})
}
