package cell

import "testing"

func TestIsComplete(t *testing.T) {
	tests := []struct {
		code, status, indent string
	}{
		// The samples of the conformance profile.
		{`fmt.Println("hi")`, StatusComplete, ""},
		{"x := 1", StatusComplete, ""},
		{"func f() {", StatusIncomplete, "\t"},
		{"for i := 0; i < 3; i++ {", StatusIncomplete, "\t"},
		{"x := )", StatusInvalid, ""},

		{"", StatusComplete, ""},
		{"  \n\n", StatusComplete, ""},
		{"func f() {\n\tif true {", StatusIncomplete, "\t\t"},
		{"fmt.Println(1,", StatusIncomplete, "\t"},
		{"x := []int{\n\t1,\n\t2,\n}", StatusComplete, ""},
		{"x :=", StatusIncomplete, "\t"},
		{"x := 1 +", StatusIncomplete, "\t"},
		{"s := `raw\nstring", StatusIncomplete, ""},
		{"/* open comment", StatusIncomplete, ""},
		{"return", StatusComplete, ""},
		{"x++", StatusComplete, ""},
		{"%%\nfmt.Println(1)", StatusComplete, ""},
		{"import \"fmt\"\nfunc f() {}\nf()", StatusComplete, ""},
		{"x := (1]", StatusInvalid, ""},
		{"}", StatusInvalid, ""},
		{`s := "unterminated`, StatusInvalid, ""},
		{"if x {\n} else", StatusIncomplete, "\t"},
		{"x := 1 1", StatusInvalid, ""},
		{"%ls\nfmt.Println(1)", StatusComplete, ""},
	}
	for _, tt := range tests {
		status, indent := IsComplete(tt.code)
		if status != tt.status || indent != tt.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", tt.code, status, indent, tt.status, tt.indent)
		}
	}
}
