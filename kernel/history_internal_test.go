package kernel

import "testing"

func TestGlob(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"", "anything\nat all", true},
		{"*", "", true},
		{"fmt.*", "fmt.Println(1)", true},
		{"fmt.*", "x := 1\nfmt.Println(x)", false}, // whole-input match
		{"*fmt.*", "x := 1\nfmt.Println(x)", true}, // '*' crosses newlines
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"[ab]x", "bx", true},
		{"[!ab]x", "bx", false},
		{"[^ab]x", "cx", true},
		{"[]]", "]", true},
		{"[a-c]", "b", true},
		{"a[", "a[", true}, // unclosed class is literal
		{"(x)+", "(x)+", true},
		{"1.5", "105", false}, // '.' is literal
	}
	for _, tt := range tests {
		re, err := globRegexp(tt.pattern)
		if err != nil {
			t.Errorf("globRegexp(%q): %v", tt.pattern, err)
			continue
		}
		if got := re.MatchString(tt.s); got != tt.want {
			t.Errorf("glob %q on %q = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
	if _, err := globRegexp("[z-a]"); err == nil {
		t.Error("globRegexp([z-a]) succeeded, want an error for the reversed range")
	}
}
