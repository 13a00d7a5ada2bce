package live_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	stdpng "image/png"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
	"github.com/nnbook/nnbook/kernel/live"
)

// The kernel runs cells through a live.Session.
var _ contract.Executor = (*live.Session)(nil)

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// newSession starts a session on the project's module; it is closed when
// the test ends.
func newSession(t testing.TB, grace time.Duration) *live.Session {
	t.Helper()
	s, err := live.NewSession(live.Config{ProjectDir: "../..", Grace: grace})
	return contracttest.Keep(t, s, err)
}

// step is one cell of a scenario and what it must produce.
type step struct {
	code string
	// stdout is the exact output, or its start followed by "…"; value the exact text/plain of the
	// trailing expression, "" for no value; err a substring of the error's text (Name:
	// Value and traceback), "" for success; html the text/html of the
	// cell's one display, "" for none.
	stdout, value, err, html string
}

func run(t *testing.T, s *live.Session, n int, st step) {
	t.Helper()
	var rec contracttest.Recorder
	res := s.Execute(context.Background(), contract.Request{Code: st.code, ExecutionCount: n}, &rec)
	if res.Err != nil {
		text := ansi.ReplaceAllString(res.Err.Error()+"\n"+strings.Join(res.Err.Traceback, "\n"), "")
		if st.err == "" || !strings.Contains(text, st.err) {
			t.Fatalf("cell %d: %q\ngot error %s\nwant error containing %q", n, st.code, text, st.err)
		}
	} else if st.err != "" {
		t.Fatalf("cell %d: %q succeeded, want error containing %q", n, st.code, st.err)
	}
	if got := rec.Stdout(); got != st.stdout && !(strings.HasSuffix(st.stdout, "…") && strings.HasPrefix(got, strings.TrimSuffix(st.stdout, "…"))) {
		t.Errorf("cell %d: %q\ngot stdout %q\nwant %q (stderr %q)", n, st.code, got, st.stdout, rec.Stderr())
	}
	got, _ := res.Value["text/plain"].(string)
	if st.value == "" && res.Value != nil {
		t.Errorf("cell %d: %q\ngot value %q, want none", n, st.code, res.Value)
	} else if got != st.value {
		t.Errorf("cell %d: %q\ngot value %q, want %q", n, st.code, got, st.value)
	}
	var html []any
	for _, d := range rec.Displays() {
		html = append(html, d.Data["text/html"])
	}
	switch {
	case st.html == "" && len(html) > 0:
		t.Errorf("cell %d: %q\ngot displays %q, want none", n, st.code, html)
	case st.html != "" && (len(html) != 1 || html[0] != st.html):
		t.Errorf("cell %d: %q\ngot displays %q, want one of %q", n, st.code, html, st.html)
	}
}

func TestSessionScenarios(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	scenarios := []struct {
		name  string
		steps []step
	}{
		{"worked example", []step{
			{code: "x := 41"},
			{code: "import \"fmt\"\nx++\nfmt.Println(\"x =\", x)", stdout: "x = 42\n"},
			{code: "func f() int { return 1 }\nfunc g() int { return f() * 10 }\ntype point struct{ x, y float64 }\nfunc (p point) norm2() float64 { return p.x*p.x + p.y*p.y }"},
			{code: "func f() int { return 2 }"},
			{code: "p := point{3, 4}\nfmt.Println(\"g =\", g(), \"norm2 =\", p.norm2())\nfmt.Printf(\"%T %v\\n\", p, p)\np.x", stdout: "g = 20 norm2 = 25\nnb.point {3 4}\n", value: "3"},
		}},
		{"a package used only in a var's type", []step{
			{code: "import \"bytes\"\n\nvar buf bytes.Buffer\nbuf.WriteString(\"hi\")"},
			{code: "buf.String()", value: `"hi"`},
		}},
		{"late binding of variables", []step{
			{code: "lr := 0.1\nfunc step() float64 { return lr }"},
			{code: "lr := 0.01"},
			{code: "step()", value: "0.01"},
			{code: "lr = 0.5\nstep()", value: "0.5"},
		}},
		{"declarations", []step{
			{code: "const (\n\ta = iota\n\tb\n\tc\n)\nvar n = 3\nu, v := 1, \"s\""},
			{code: "c*n + u", value: "7"},
			{code: "v", value: `"s"`},
			{code: "import m \"math\"\nm.Sqrt(16)", value: "4"},
			{code: "m.Pi > 3", value: "true"},
			{code: "type T struct{ n int }"},
			{code: "func (t T) double() int { return 2 * t.n }"},
			{code: "T{4}.double()", value: "8"},
			{code: "type base struct{ id int }\nfunc (b base) ident() int { return b.id }"},
			{code: "type derived struct {\n\tbase\n\tname string\n}\nd := derived{base{7}, \"x\"}"},
			{code: "d.ident() + d.id + d.base.id", value: "21"},
		}},
		{"generics", []step{
			{code: "func Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}\ntype box[T any] struct{ v T }"},
			{code: "type point struct{ x, y int }\nb := box[point]{point{1, 2}}\nsq := Map([]int{1, 2, 3}, func(i int) int { return i * i })"},
			{code: "import \"fmt\"\nfmt.Printf(\"%T %v %v\\n\", b, b.v.y, sq)", stdout: "nb.box[nnbook.session/cells/c2.point] 2 [1 4 9]\n"},
		}},
		{"shadowing", []step{
			{code: "x := 1\nfunc h(x int) int { return x * 2 }"},
			{code: "{\n\tx := 100\n\t_ = x\n}\nh(5) + x", value: "11"},
		}},
		{"errors leave state unchanged", []step{
			{code: "y := 1"},
			{code: "y = \"s\"", err: `cell[2]:1:5: cannot use "s" (untyped string constant) as int value in assignment`},
			{code: "z := 5\nundefinedFn()", err: "cell[3]:2:1: undefined: undefinedFn"},
			{code: "z", err: "undefined: z"},
			{code: "y", value: "1"},
		}},
		{"func main and %%", []step{
			{code: "import \"fmt\"\nfunc main() { fmt.Println(\"hi\") }", stdout: "hi\n"},
			{code: "%%\nfmt.Println(1)", stdout: "1\n"},
			{code: "%% -n 3 x\nfmt.Println(os.Args[1:])", stdout: "[-n 3 x]\n"},
			{code: "len(os.Args)", value: "1"},
		}},
		{"panic keeps state", []step{
			{code: "k := 3\nfunc bad() {\n\tvar m map[string]int\n\tm[\"a\"] = k\n}"},
			{code: "k++\nbad()", err: "cell[1]:4"},
			{code: "k", value: "4"},
			{code: "func init() { panic(\"in init\") }", err: "panic: in init"},
			{code: "k", value: "4"},
		}},
		{"redefinition from the old value", []step{
			{code: "x := 20"},
			{code: "x := float64(x) / 8\nx", value: "2.5"},
			{code: "var x = x * 4\nx", value: "10"},
			{code: "var (\n\ty    = x + 1\n\tx, z = x + y, x\n)\nx + z", value: "31"},
			{code: "x := []float64{x, x}\nlen(x)", value: "2"},
		}},
		{"display and output", []step{
			{code: "import \"github.com/janpfeifer/gonb/gonbui\"\nimport \"fmt\"\nfmt.Println(\"before\")\ngonbui.DisplayHTML(\"<b>hi</b>\")", stdout: "before\n", html: "<b>hi</b>"},
			{code: "for i := range 3000 {\n\tfmt.Println(i)\n}\n\"done\"", stdout: lines(3000), value: `"done"`},
			{code: "import \"gonum.org/v1/gonum/mat\"\nmat.NewDense(2, 2, []float64{1, 2, 3, 4})", value: "2×2\n⎡1  2⎤\n⎣3  4⎦"},
		}},
		{"every import name lives on", []step{
			{code: "import m \"math\"\nm.Sqrt(4)", value: "2"},
			{code: "import mm \"math\"\nfunc root(x float64) float64 { return m.Sqrt(x) }\nm.Sqrt(16) + mm.Sqrt(9)", value: "7"},
			{code: "import m \"strings\"\nm.ToUpper(\"a\")", value: `"A"`},
			{code: "root(25) + mm.Sqrt(1)", value: "6"},
			{code: "%ls", stdout: "func    root  func(x float64) float64  cell[2]\nimport  m     \"strings\"                cell[3]\nimport  mm    \"math\"                   cell[2]\n"},
		}},
		{"automatic imports", []step{
			{code: "strings.ToUpper(\"a\")", value: `"A"`},
			{code: "r := rand.New(rand.NewPCG(1, 1))\nfmt.Sprintf(\"%T\", r)", value: `"*rand.Rand"`},
			{code: "rand.N(10) < 10 && strings.HasPrefix(\"ab\", \"a\")", value: "true"},
			{code: "mat.NewDense(1, 1, []float64{7})", value: "1×1\n[7]"},
			{code: "bogus.F()", err: "cell[5]:1:1: undefined: bogus"},
		}},
		{"special commands", []step{
			{code: "x := []int{1, 2, 3}\ntype point struct{}\nfunc f() {}"},
			{code: "%who", stdout: "x\n"},
			{code: "%whos", stdout: "Variable  Type   Size   Cell\nx         []int  len 3  cell[1]\n"},
			{code: "%rm f\n%ls", stdout: "type  point  point  cell[1]\nvar   x      []int  cell[1]\n"},
			{code: "f()", err: "undefined: f"},
			{code: "!echo hi", stdout: "hi\n"},
			{code: "%time\nlen(x)", stdout: "%time: …", value: "3"},
			{code: "%reset", stdout: "The worker was restarted: every variable and definition is gone.\n"},
			{code: "x", err: "undefined: x"},
			{code: "%bogus", err: "cell[10]:1: unknown special command %bogus"},
			{code: "%help\n!true", stdout: "nnbook runs Go cells…"},
		}},
		{"statements with headers", []step{
			{code: "import (\n\t\"errors\"\n\t\"fmt\"\n)\nfunc check(n int) error {\n\tif n < 0 {\n\t\treturn errors.New(\"negative\")\n\t}\n\treturn nil\n}"},
			{code: "if err := check(-1); err != nil { fmt.Println(err) }", stdout: "negative\n"},
			{code: "n := 0\nfor i := 0; i < 3; i++ { n += i }\nswitch k := n % 2; k {\ncase 1:\n\tfmt.Println(\"odd\", n)\ndefault:\n\tfmt.Println(\"even\", n)\n}", stdout: "odd 3\n"},
			{code: "if m := n * 2; m > 10 {\n\tfmt.Println(\"big\")\n} else if m := m - 1; m > 4 {\n\tfmt.Println(\"medium\", m)\n} else {\n\tfmt.Println(\"small\")\n}", stdout: "medium 5\n"},
			{code: "outer:\nfor i := 0; i < 3; i++ {\n\tfor _, v := range []int{1, 2} {\n\t\tif v == i {\n\t\t\tcontinue outer\n\t\t}\n\t}\n\tn += 10\n}\nn", value: "13"},
		}},
		{"nil values", []step{
			{code: "import \"errors\"\nfunc check(n int) error {\n\tif n < 0 {\n\t\treturn errors.New(\"negative\")\n\t}\n\treturn nil\n}"},
			{code: "check(1)"},
			{code: "check(-1)", value: "error: negative"},
			{code: "var err error\nerr"},
			{code: "var a any\na"},
			{code: "var p *int\np", value: "<nil>"},
			{code: "var m map[string]int\nm", value: "map[]"},
			{code: "import \"gonum.org/v1/plot\"\nvar pl *plot.Plot\npl", value: "<nil>"},
		}},
		{"crash restarts the worker", []step{
			{code: "w := 1"},
			{code: "import \"time\"\ngo func() { panic(\"boom\") }()\ntime.Sleep(5 * time.Second)", err: "variables and definitions were lost"},
			{code: "w", err: "undefined: w"},
			{code: "1 + 1", value: "2"},
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			s := newSession(t, 0)
			for i, st := range sc.steps {
				run(t, s, i+1, st)
			}
		})
	}
}

// TestHelpPager checks that %help alone in a cell goes to the pager, as
// jupyter_kernel_test's test_pager expects.
func TestHelpPager(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a worker")
	}
	s := newSession(t, 0)
	var rec contracttest.Recorder
	res := s.Execute(context.Background(), contract.Request{Code: "%help", ExecutionCount: 1}, &rec)
	if res.Err != nil || len(res.Payload) != 1 {
		t.Fatalf("%%help: err %v, payload %v; want one pager payload", res.Err, res.Payload)
	}
	p := res.Payload[0]
	text, _ := p["data"].(map[string]any)["text/plain"].(string)
	if p["source"] != "page" || !strings.HasPrefix(text, "nnbook runs Go cells") {
		t.Errorf("payload = %v, want source page with the help text", p)
	}
	if rec.Stdout() != "" {
		t.Errorf("stdout = %q, want nothing beside the pager", rec.Stdout())
	}
}

func TestSessionInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	tests := []struct {
		name string
		// loop runs until interrupted, if it listens.
		loop    string
		errText string
		// after runs once the loop was interrupted.
		after step
	}{
		{
			name:    "cell stops",
			loop:    "count++\nerr := exec.CommandContext(interrupt.Context(), \"sleep\", \"60\").Run()\n_ = err",
			errText: "the session's variables are kept",
			after:   step{code: "count > 0", value: "true"},
		},
		{
			name:    "cell ignores it",
			loop:    "var mu sync.Mutex\nmu.Lock()\ncount++\nmu.Lock()",
			errText: "variables and definitions were lost",
			after:   step{code: "count", err: "undefined: count"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSession(t, 500*time.Millisecond)
			run(t, s, 1, step{code: "import (\n\t\"fmt\"\n\t\"os/exec\"\n\t\"sync\"\n\n\t\"github.com/nnbook/nnbook/kernel/interrupt\"\n)\ncount := 0\n_, _ = exec.ErrNotFound, interrupt.Context\nvar _ sync.Mutex"})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			rec := &contracttest.Recorder{OnStream: whenStarted(cancel)}
			res := s.Execute(ctx, contract.Request{Code: "fmt.Println(\"started\")\n" + tt.loop, ExecutionCount: 2}, rec)
			if res.Err == nil || res.Err.Name != "Interrupted" || !strings.Contains(res.Err.Value, tt.errText) {
				t.Fatalf("interrupted cell: got %v, want Interrupted: ...%s...", res.Err, tt.errText)
			}
			run(t, s, 3, tt.after)
			run(t, s, 4, step{code: "40 + 2", value: "42"})
		})
	}
}

// lines returns "0\n1\n…" up to n-1.
func lines(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strconv.Itoa(i) + "\n")
	}
	return b.String()
}

// TestNoPlugins checks that a toolchain without cgo is refused with
// ErrNoPlugins, so that the kernel falls back to program.Session.
func TestNoPlugins(t *testing.T) {
	s, err := live.NewSession(live.Config{Env: []string{"CGO_ENABLED=0"}})
	if err == nil {
		s.Close()
		t.Fatal("NewSession with CGO_ENABLED=0 succeeded, want ErrNoPlugins")
	}
	if !errors.Is(err, live.ErrNoPlugins) {
		t.Fatalf("NewSession with CGO_ENABLED=0: got %v, want ErrNoPlugins", err)
	}
}

// TestSessionPlot checks that a *plot.Plot value and an *nnplot.Grid
// value show as PNG images of their sizes.
func TestSessionPlot(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	s := newSession(t, 0)
	for i, tc := range []struct {
		name, code, text string
		w, h             int // pixels
	}{
		// 6 × 4 inches at gonum/plot's default 96 dots per inch.
		{"plot", "import \"gonum.org/v1/plot\"\np := plot.New()\np.Title.Text = \"loss\"\np", "plot: loss", 576, 384},
		// nnplot's default 6.4 × 4.2 inches at 100 dots per inch.
		{"grid", "import \"github.com/nnbook/nnbook/nnkit/nnplot\"\nnnplot.NewGrid(\"losses\", 2, p, p)", `[figure "losses", 6.4×4.2 in]`, 640, 420},
	} {
		var rec contracttest.Recorder
		res := s.Execute(context.Background(), contract.Request{Code: tc.code, ExecutionCount: i + 1}, &rec)
		if res.Err != nil {
			t.Fatalf("%s cell: %v\n%s", tc.name, res.Err, strings.Join(res.Err.Traceback, "\n"))
		}
		if got := res.Value["text/plain"]; got != tc.text {
			t.Errorf("%s: text/plain: got %q, want %q", tc.name, got, tc.text)
		}
		png, _ := res.Value["image/png"].(string)
		data, err := base64.StdEncoding.DecodeString(png)
		if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
			t.Fatalf("%s: image/png is not a base64 PNG image (err %v): %.40q", tc.name, err, png)
		}
		img, err := stdpng.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if img.Width != tc.w || img.Height != tc.h {
			t.Errorf("%s: image size: got %d×%d, want %d×%d", tc.name, img.Width, img.Height, tc.w, tc.h)
		}
	}
}

// TestSessionDisplayScope runs a cell that updates a display twice, and
// then runs it again as a new execute request: the second run must show a
// new display instead of updating the first run's.
func TestSessionDisplayScope(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	s := newSession(t, 0)
	code := "import \"github.com/janpfeifer/gonb/gonbui\"\ngonbui.UpdateHTML(\"progress\", \"a\")\ngonbui.UpdateHTML(\"progress\", \"b\")"
	var ids []string
	for i, msgID := range []string{"msg-1", "msg-2"} {
		var rec contracttest.Recorder
		res := s.Execute(context.Background(), contract.Request{MsgID: msgID, Code: code, ExecutionCount: i + 1}, &rec)
		if res.Err != nil {
			t.Fatalf("run %d: %v", i+1, res.Err)
		}
		if len(rec.Displays()) != 2 {
			t.Fatalf("run %d: got %d displays, want 2: %+v", i+1, len(rec.Displays()), rec.Displays())
		}
		for j, want := range []struct {
			html   string
			update bool
		}{{"a", false}, {"b", true}} {
			d := rec.Displays()[j]
			if d.Data["text/html"] != want.html || d.Update != want.update || !strings.Contains(d.DisplayID, msgID) {
				t.Errorf("run %d, display %d: got html %q update %v id %q, want %q, %v and an id scoped to %q",
					i+1, j, d.Data["text/html"], d.Update, d.DisplayID, want.html, want.update, msgID)
			}
		}
		ids = append(ids, rec.Displays()[0].DisplayID)
	}
	if ids[0] == ids[1] {
		t.Errorf("both runs used display id %q, want one per run", ids[0])
	}
}

// inputRecorder is a recorder whose front end is interrupted while it
// waits for input: ReadInput cancels the cell's context and reports
// whether its own context ended too.
type inputRecorder struct {
	*contracttest.Recorder
	interrupt context.CancelFunc
	// cancelled receives true when ReadInput's context ended after the
	// interrupt, false when it was still waiting after 10 s.
	cancelled chan bool
}

func (r *inputRecorder) ReadInput(ctx context.Context, prompt string, password bool) (string, error) {
	r.interrupt()
	select {
	case <-ctx.Done():
		r.cancelled <- true
		return "", context.Cause(ctx)
	case <-time.After(10 * time.Second):
		r.cancelled <- false
		return "", errors.New("no interrupt reached the input request")
	}
}

// TestSessionInputInterrupt interrupts a cell that waits for input: the
// input request must end with the cell, and the cell return with the
// session's variables kept.
func TestSessionInputInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	s := newSession(t, 0)
	run(t, s, 1, step{code: "k := 7"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := &inputRecorder{Recorder: &contracttest.Recorder{}, interrupt: cancel, cancelled: make(chan bool, 1)}
	code := "import (\n\t\"fmt\"\n\t\"github.com/janpfeifer/gonb/gonbui\"\n)\ngonbui.RequestInput(\"name?\", false)\nvar name string\nfmt.Scanln(&name)"
	res := s.Execute(ctx, contract.Request{MsgID: "msg-2", Code: code, ExecutionCount: 2, AllowStdin: true}, rec)
	select {
	case ok := <-rec.cancelled:
		if !ok {
			t.Error("the input request outlived the interrupted cell")
		}
	default:
		t.Error("the cell asked for no input")
	}
	if res.Err == nil || res.Err.Name != "Interrupted" || !strings.Contains(res.Err.Value, "variables are kept") {
		t.Fatalf("interrupted cell: got %v, want Interrupted: ...variables are kept", res.Err)
	}
	run(t, s, 3, step{code: "k", value: "7"})
}

// whenStarted returns an OnStream that calls f once the cell has written
// "started".
func whenStarted(f func()) func(stdout string) {
	var once sync.Once
	return func(stdout string) {
		if strings.Contains(stdout, "started") {
			once.Do(f)
		}
	}
}
