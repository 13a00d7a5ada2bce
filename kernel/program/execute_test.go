package program_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
	"github.com/nnbook/nnbook/kernel/program"
)

// ansi matches ANSI colour escapes.
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// traceback returns the traceback of e without colours, one string.
func traceback(e *contract.Error) string {
	return ansi.ReplaceAllString(strings.Join(e.Traceback, "\n"), "")
}

func TestExecuteSequence(t *testing.T) {
	s := newSession(t)
	tests := []struct {
		name    string
		code    string
		stdout  string
		errName string
		errText []string // substrings of Value and traceback
	}{
		{name: "hello", code: `fmt.Println("hello")`, stdout: "hello\n"},
		{name: "declare", code: "func f() int { return 41 }\ntype T struct{ A int }\nfunc newT() T { return T{A: 1} }\n"},
		{name: "use declarations", code: "x := f() + 1\nfmt.Println(x, T{3})", stdout: "42 {3}\n"},
		{name: "unused variable is fine", code: "x := 1"},
		{name: "redefine", code: "func f() int { return 1 }"},
		{name: "redefinition used", code: "fmt.Println(f())", stdout: "1\n"},
		{name: "module import", code: "m := mat.NewDense(2, 2, []float64{1, 2, 3, 4})\nfmt.Println(m.At(1, 1))", stdout: "4\n"},
		{name: "explicit import", code: "import \"strings\"\nfmt.Println(strings.ToUpper(\"abc\"))", stdout: "ABC\n"},
		{name: "imports remembered", code: "fmt.Println(strings.Repeat(\"ab\", 2))", stdout: "abab\n"},
		{name: "ambiguous name by exports", code: "fmt.Println(rand.IntN(1), rand.New(rand.NewPCG(1, 2)).IntN(1))", stdout: "0 0\n"},
		{name: "percent", code: "import \"os\"\n\nfunc g() string { return \"g\" }\n%% -n 3\nvar v = g()\nfmt.Println(v, os.Args[1:])", stdout: "g [-n 3]\n"},
		{name: "percent var not remembered", code: "fmt.Println(v)", errName: "CompileError", errText: []string{"undefined: v", "cell[12]:1:13"}},
		{name: "func main", code: "func main() {\n\tfmt.Println(\"main\", f())\n}", stdout: "main 1\n"},
		{name: "main not remembered", code: "fmt.Println(\"after\")", stdout: "after\n"},
		{name: "hoisted group", code: "var (\n\ta = 1\n\tb = a + 1\n)\ntype P struct{ X float64 }\nfunc (p P) Twice() float64 { return 2 * p.X }\nfmt.Println(a, b, P{2}.Twice())", stdout: "1 2 4\n"},
		{name: "hoisted kept", code: "fmt.Println(a + b)", stdout: "3\n"},
		{name: "local var decl", code: "q := 3\nvar r = q + 1\nfmt.Println(r)", stdout: "4\n"},
		{name: "local not remembered", code: "fmt.Println(r)", errName: "CompileError", errText: []string{"undefined: r", "cell[18]:1:13"}},
		{name: "syntax error", code: "x := )", errName: "CompileError", errText: []string{"cell[19]:1:6"}},
		{name: "failed cell changes nothing", code: "func f() string { return \"s\" }\nvar broken int = \"no\"", errName: "CompileError", errText: []string{"cell[20]:2:18"}},
		{name: "f unchanged", code: "fmt.Println(f() + 1)", stdout: "2\n"},
		{name: "error in earlier cell", code: "type T struct{ B int }", errName: "CompileError", errText: []string{"cell[2]:3:26", "unknown field A"}},
		{name: "exit status", code: "fmt.Println(\"bye\")\nos.Exit(3)", stdout: "bye\n", errName: "ExitError", errText: []string{"exit status 3"}},
		{name: "magic", code: "%ls", errName: "MagicError", errText: []string{"%ls"}},
		{name: "comments only", code: "// nothing\n\n"},
		{name: "generics", code: "type Box[T any] struct{ v T }\n\nfunc (b Box[T]) Get() T { return b.v }\n\nfunc Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}\nsq := func(x int) int { return x * x }\nfmt.Println(Map([]int{1, 2}, sq), Box[string]{\"v\"}.Get())", stdout: "[1 4] v\n"},
		{name: "raw string kept", code: "s := `a\n  b`\nfmt.Println(len(s))", stdout: "5\n"},
		{name: "background child", code: "exec.Command(\"sleep\", \"30\").Start()\nfmt.Println(\"started\")", stdout: "started\n"},
		{name: "column after gofmt", code: "a:=1; b := a+undefinedY", errName: "CompileError", errText: []string{"cell[29]:1:14: undefined: undefinedY"}},
		{name: "no network", code: "import \"example.com/nothing/here\"\n\nhere.Do()", errName: "CompileError", errText: []string{"cell[30]:1:8", "example.com/nothing/here", "GOPROXY=off"}},
	}
	for i, tt := range tests {
		res, rec := execute(t, s, i+1, tt.code)
		if got := rec.Stdout(); got != tt.stdout {
			t.Errorf("%d %s: stdout = %q, want %q", i+1, tt.name, got, tt.stdout)
		}
		if tt.errName == "" {
			if res.Err != nil {
				t.Errorf("%d %s: error %v\n%s", i+1, tt.name, res.Err, traceback(res.Err))
			}
			continue
		}
		if res.Err == nil {
			t.Errorf("%d %s: no error, want %s", i+1, tt.name, tt.errName)
			continue
		}
		if res.Err.Name != tt.errName {
			t.Errorf("%d %s: error %v, want name %s", i+1, tt.name, res.Err, tt.errName)
		}
		all := res.Err.Value + "\n" + traceback(res.Err)
		for _, want := range tt.errText {
			if !strings.Contains(all, want) {
				t.Errorf("%d %s: error %q\n%s\ndoes not contain %q", i+1, tt.name, res.Err.Value, traceback(res.Err), want)
			}
		}
	}
}

func TestExecutePanic(t *testing.T) {
	s := newSession(t)
	res, rec := execute(t, s, 7, "func g(n int) int {\n\tvar a []int\n\treturn a[n]\n}\n\nfmt.Println(\"before\")\ng(5)")
	if res.Err == nil {
		t.Fatal("no error for a panicking cell")
	}
	if got, want := res.Err.Name, "panic"; got != want {
		t.Errorf("Name = %q, want %q", got, want)
	}
	if got, want := res.Err.Value, "runtime error: index out of range [5] with length 0"; got != want {
		t.Errorf("Value = %q, want %q", got, want)
	}
	if got := rec.Stderr(); got != "" {
		t.Errorf("stderr = %q, want nothing: the error is the only output", got)
	}
	if got, want := rec.Stdout(), "before\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
	tb := traceback(res.Err)
	for _, want := range []string{"main.g(...)\n\tcell[7]:3", "main.cell()\n\tcell[7]:7"} {
		if !strings.Contains(tb, want) {
			t.Errorf("traceback\n%s\ndoes not contain %q", tb, want)
		}
	}
	for _, hidden := range []string{"nnbook", "runtime/debug", ".go:"} {
		if strings.Contains(tb, hidden) {
			t.Errorf("traceback\n%s\nshows generated frame %q", tb, hidden)
		}
	}
}

func TestExecutePanicOtherGoroutine(t *testing.T) {
	s := newSession(t)
	res, _ := execute(t, s, 2, "done := make(chan bool)\ngo func() {\n\tpanic(\"far\")\n}()\n<-done")
	if res.Err == nil {
		t.Fatal("no error for a crashing cell")
	}
	if res.Err.Name != "panic" || res.Err.Value != "far" {
		t.Errorf("error %v, want panic: far", res.Err)
	}
	if tb := traceback(res.Err); !strings.Contains(tb, "cell[2]:3") {
		t.Errorf("traceback\n%s\ndoes not show cell[2]:3", tb)
	}
}

func TestExecuteInterrupt(t *testing.T) {
	s := newSession(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelled := make(chan time.Time, 1)
	rec := &contracttest.Recorder{}
	rec.OnStream = func(stdout string) {
		if strings.Contains(stdout, "started") {
			select {
			case cancelled <- time.Now():
				cancel()
			default:
			}
		}
	}
	res := s.Execute(ctx, contract.Request{Code: "fmt.Println(\"started\")\nfor {\n}", ExecutionCount: 1}, rec)
	select {
	case at := <-cancelled:
		if d := time.Since(at); d > 5*time.Second {
			t.Errorf("Execute returned %v after the interrupt, want under 5s", d)
		}
	default:
		t.Fatal("the cell never printed \"started\"")
	}
	if res.Err == nil || res.Err.Name != "Interrupted" {
		t.Fatalf("result %+v, want Interrupted", res.Err)
	}
	// The session still works.
	res, rec = execute(t, s, 2, `fmt.Println("alive")`)
	if res.Err != nil || rec.Stdout() != "alive\n" {
		t.Errorf("after interrupt: %v, stdout %q", res.Err, rec.Stdout())
	}
}

// TestExecuteInterruptIgnored checks that a program that ignores SIGINT is
// killed after the grace period.
func TestExecuteInterruptIgnored(t *testing.T) {
	s := newSession(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelled := make(chan time.Time, 1)
	rec := &contracttest.Recorder{OnStream: func(stdout string) {
		select {
		case cancelled <- time.Now():
			cancel()
		default:
		}
	}}
	code := "signal.Ignore(os.Interrupt)\nfmt.Println(\"ignoring\")\nfor {\n\ttime.Sleep(time.Millisecond)\n}"
	res := s.Execute(ctx, contract.Request{Code: code, ExecutionCount: 1}, rec)
	if d := time.Since(<-cancelled); d < time.Second || d > 5*time.Second {
		t.Errorf("Execute returned %v after the interrupt, want after the grace period and under 5s", d)
	}
	if res.Err == nil || res.Err.Name != "Interrupted" {
		t.Fatalf("result %+v, want Interrupted", res.Err)
	}
}

func TestExecuteInterruptBuild(t *testing.T) {
	s := newSession(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := s.Execute(ctx, contract.Request{Code: `fmt.Println("never")`, ExecutionCount: 1}, &contracttest.Recorder{})
	if res.Err == nil || res.Err.Name != "Interrupted" {
		t.Fatalf("result %+v, want Interrupted", res.Err)
	}
}

func TestExecuteStreaming(t *testing.T) {
	s := newSession(t)
	const n = 100000
	res, rec := execute(t, s, 1, fmt.Sprintf("for i := range %d {\n\tfmt.Println(\"line\", i)\n}\nfmt.Fprintln(os.Stderr, \"done\")", n))
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	lines := strings.Split(strings.TrimSuffix(rec.Stdout(), "\n"), "\n")
	if len(lines) != n || lines[n-1] != fmt.Sprint("line ", n-1) {
		t.Errorf("got %d lines ending %q, want %d ending \"line %d\"", len(lines), lines[len(lines)-1], n, n-1)
	}
	if rec.Stderr() != "done\n" {
		t.Errorf("stderr = %q, want \"done\\n\"", rec.Stderr())
	}
	if rec.Chunks() < 2 {
		t.Errorf("output arrived in %d chunks, want it streamed", rec.Chunks())
	}
}

func TestExecuteStreamsWhileRunning(t *testing.T) {
	s := newSession(t)
	first := make(chan time.Time, 1)
	rec := &contracttest.Recorder{OnStream: func(stdout string) {
		select {
		case first <- time.Now():
		default:
		}
	}}
	res := s.Execute(context.Background(), contract.Request{Code: "fmt.Println(\"a\")\ntime.Sleep(time.Second)\nfmt.Println(\"b\")", ExecutionCount: 1}, rec)
	end := time.Now()
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if d := end.Sub(<-first); d < 500*time.Millisecond {
		t.Errorf("first output arrived %v before the end, want it before the sleep", d)
	}
}

func TestNoProject(t *testing.T) {
	s, err := program.NewSession(program.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, rec := execute(t, s, 1, `fmt.Println(strings.Repeat("x", 3))`)
	if res.Err != nil || rec.Stdout() != "xxx\n" {
		t.Errorf("stdlib cell without project: %v, stdout %q", res.Err, rec.Stdout())
	}
}

func TestBadConfig(t *testing.T) {
	if _, err := program.NewSession(program.Config{Go: "/nonexistent/go"}); err == nil || !strings.HasPrefix(err.Error(), "cell: ") {
		t.Errorf("missing go: err = %v, want a cell: error", err)
	}
	if _, err := program.NewSession(program.Config{ProjectDir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "go.mod") {
		t.Errorf("project without go.mod: err = %v, want it named", err)
	}
}
