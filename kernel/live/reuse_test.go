package live

import (
	"context"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
)

// TestReuse checks that a cell that defines nothing and runs the same
// code as an earlier cell runs that cell's plugin again, without a
// build, with the same effects a new build would have; and that every
// other cell is built.
func TestReuse(t *testing.T) {
	s, err := NewSession(Config{ProjectDir: "../.."})
	s = contracttest.Keep(t, s, err)
	steps := []struct {
		code, stdout, err string
		reused            bool
	}{
		{code: "import \"fmt\"\nfmt.Println(\"hi\")", stdout: "hi\n"},
		{code: "import \"fmt\"\nfmt.Println(\"hi\")", stdout: "hi\n", reused: true},
		{code: "n := 0"},
		{code: "n := 0"}, // defines n again: a new variable
		{code: "n++\nfmt.Println(n)", stdout: "1\n"},
		{code: "n++\nfmt.Println(n)", stdout: "2\n", reused: true},
		{code: "n = 10"},
		{code: "n++\nfmt.Println(n)", stdout: "11\n", reused: true},
		{code: "n := 5"}, // a new n in a new cell package: the code refers to it anew
		{code: "n++\nfmt.Println(n)", stdout: "6\n"},
		{code: "func init() { fmt.Println(\"init\") }\nfmt.Println(\"body\")", stdout: "init\nbody\n"},
		{code: "func init() { fmt.Println(\"init\") }\nfmt.Println(\"body\")", stdout: "init\nbody\n"}, // init runs at load: built again
		{code: "panic(\"boom\")", err: "cell[13]:1"},
		{code: "panic(\"boom\")", err: "cell[14]:1", reused: true},
	}
	for i, st := range steps {
		n := i + 1
		var rec contracttest.Recorder
		res := s.Execute(context.Background(), contract.Request{Code: st.code, ExecutionCount: n}, &rec)
		switch {
		case st.err == "" && res.Err != nil:
			t.Fatalf("cell %d %q: %v\n%s", n, st.code, res.Err, strings.Join(res.Err.Traceback, "\n"))
		case st.err != "":
			text := ""
			if res.Err != nil {
				text = ansi.ReplaceAllString(res.Err.Value+"\n"+strings.Join(res.Err.Traceback, "\n"), "")
			}
			if !strings.Contains(text, st.err) {
				t.Errorf("cell %d %q: error %q, want one containing %q", n, st.code, text, st.err)
			}
			if strings.Contains(text, cellFile(n-1)+":") {
				t.Errorf("cell %d %q: the error names the earlier cell: %q", n, st.code, text)
			}
		}
		if got := rec.Stdout(); got != st.stdout {
			t.Errorf("cell %d %q: stdout %q, want %q", n, st.code, got, st.stdout)
		}
		built := s.times.compile > 0 || s.times.link > 0
		if built == st.reused {
			t.Errorf("cell %d %q: built %v (compile %v, link %v), want reused %v", n, st.code, built, s.times.compile, s.times.link, st.reused)
		}
	}
	if len(s.reused) > maxReused {
		t.Errorf("%d plugins kept, want at most %d", len(s.reused), maxReused)
	}
}
