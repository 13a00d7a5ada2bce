package live_test

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nnbook/nnbook/kernel/contract/contracttest"
	"github.com/nnbook/nnbook/kernel/program"
)

// completeReply is the content of a complete_reply.
type completeReply struct {
	Status      string
	Matches     []string
	CursorStart int `json:"cursor_start"`
	CursorEnd   int `json:"cursor_end"`
}

// inspectReply is the content of an inspect_reply.
type inspectReply struct {
	Status string
	Found  bool
	Data   map[string]any
}

// complete sends a complete_request for code with the cursor at its end.
func (f *frontEnd) complete(code string) completeReply {
	f.t.Helper()
	id := f.send(f.shell, "complete_request", map[string]any{"code": code, "cursor_pos": utf8.RuneCountInString(code)})
	m := f.wait(f.replies, id, 10*time.Second)
	if m == nil {
		f.t.Fatalf("complete %q: no reply", code)
	}
	var c completeReply
	if err := m.DecodeContent(&c); err != nil {
		f.t.Fatal(err)
	}
	return c
}

// inspect sends an inspect_request for code with the cursor at its end.
func (f *frontEnd) inspect(code string, detail int) inspectReply {
	f.t.Helper()
	id := f.send(f.shell, "inspect_request", map[string]any{"code": code, "cursor_pos": utf8.RuneCountInString(code), "detail_level": detail})
	m := f.wait(f.replies, id, 10*time.Second)
	if m == nil {
		f.t.Fatalf("inspect %q: no reply", code)
	}
	var c inspectReply
	if err := m.DecodeContent(&c); err != nil {
		f.t.Fatal(err)
	}
	return c
}

// completionCase is a complete_request and what its matches must and
// must not hold.
type completionCase struct {
	code      string
	want, not []string
}

func checkCompletions(t *testing.T, f *frontEnd, cases []completionCase) {
	t.Helper()
	for _, c := range cases {
		r := f.complete(c.code)
		if r.Status != "ok" {
			t.Errorf("complete %q: status %q", c.code, r.Status)
		}
		for _, w := range c.want {
			if !slices.Contains(r.Matches, w) {
				t.Errorf("complete %q: matches %q, want %q among them", c.code, r.Matches, w)
			}
		}
		for _, n := range c.not {
			if slices.Contains(r.Matches, n) {
				t.Errorf("complete %q: matches %q, want no %q", c.code, r.Matches, n)
			}
		}
	}
}

// inspectionCase is an inspect_request and the texts its text/plain must
// hold.
type inspectionCase struct {
	code   string
	detail int
	want   []string
}

func checkInspections(t *testing.T, f *frontEnd, cases []inspectionCase) {
	t.Helper()
	for _, c := range cases {
		r := f.inspect(c.code, c.detail)
		text, _ := r.Data["text/plain"].(string)
		if !r.Found {
			t.Errorf("inspect %q: not found", c.code)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("inspect %q:\n%s\nwant it to contain %q", c.code, text, w)
			}
		}
	}
}

// modelCell defines a notebook type with a method and a constructor with
// doc comments, and a variable named like a standard package.
const modelCell = `import "strings"

// model is a tiny model.
type model struct{ weights []float64 }

// Predict returns the prediction for x.
func (m *model) Predict(x float64) float64 { return x * m.weights[0] }

// NewModel returns a model with n weights.
func NewModel(n int) *model { return &model{weights: make([]float64, n)} }
`

// TestKernelCompleteLive asks a kernel with the live executor for
// completions and inspections of live values, as a front end does,
// between cells and while a cell runs.
func TestKernelCompleteLive(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	f := startKernel(t, newSession(t, time.Second))
	for _, code := range []string{
		modelCell + "net := NewModel(3)\nvar sb strings.Builder",
		"import m \"math\"",
		"import mm \"math\"",
	} {
		if o := f.execute(code, false); o.status != "ok" {
			t.Fatalf("cell %q: %s %s", code, o.status, o.err)
		}
	}
	cases := []completionCase{
		// A live name shadows the package of the same name.
		{code: "net.", want: []string{"Predict", "weights"}, not: []string{"Dial", "IP"}},
		{code: "net.Pre", want: []string{"Predict"}},
		{code: "sb.Wr", want: []string{"WriteString", "WriteByte"}},
		{code: "Ne", want: []string{"NewModel"}},
		{code: "ne", want: []string{"net"}},
		// Every import name of earlier cells.
		{code: "m.Sq", want: []string{"Sqrt"}},
		{code: "mm.Sq", want: []string{"Sqrt"}},
		// Members of packages automatic imports resolve.
		{code: "strconv.Ato", want: []string{"Atoi"}},
		// The executor's special lines.
		{code: "%st", want: []string{"%stack"}},
	}
	checkCompletions(t, f, cases)
	if o := f.execute("net.Predictt(1)", false); !strings.Contains(o.err, "did you mean Predict?") {
		t.Errorf("misspelt method: error %q, want a hint: did you mean Predict?", o.err)
	}
	if o := f.execute("NewMdel(1)", false); !strings.Contains(o.err, "did you mean NewModel?") {
		t.Errorf("misspelt function: error %q, want a hint: did you mean NewModel?", o.err)
	}
	checkInspections(t, f, []inspectionCase{
		{code: "NewModel", want: []string{"func NewModel(n int) *model", "NewModel returns a model with n weights."}},
		{code: "net", want: []string{"*model", "&{[0 0 0]}", "model is a tiny model."}},
		{code: "net.Predict", want: []string{"Predict returns the prediction for x."}},
		{code: "NewModel", detail: 1, want: []string{"defined in cell [1]"}},
	})

	// While a cell runs, completion answers at once from the live state.
	id := f.send(f.shell, "execute_request", map[string]any{
		"code": "import \"time\"\ntime.Sleep(3 * time.Second)", "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true,
	})
	time.Sleep(time.Second) // the cell builds, then sleeps
	start := time.Now()
	r := f.complete("net.")
	if d := time.Since(start); d > time.Second || !slices.Contains(r.Matches, "Predict") {
		t.Errorf("complete net. while a cell runs: %q after %v, want Predict within 1s", r.Matches, d)
	}
	checkInspections(t, f, []inspectionCase{{code: "NewModel", want: []string{"NewModel returns a model with n weights."}}})
	if m := f.wait(f.replies, id, cellTimeout); m == nil {
		t.Fatal("no execute_reply for the sleeping cell")
	}
}

// TestKernelCompleteProgram asks a kernel with the program executor for
// completions and inspections of the remembered declarations.
func TestKernelCompleteProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs")
	}
	s, err := program.NewSession(program.Config{ProjectDir: "../.."})
	f := startKernel(t, contracttest.Keep(t, s, err))
	for _, code := range []string{
		modelCell + "var net = NewModel(3)",
		"import m \"math\"",
	} {
		if o := f.execute(code, false); o.status != "ok" {
			t.Fatalf("cell %q: %s %s", code, o.status, o.err)
		}
	}
	if o := f.execute("func main() { NewMdel(1) }", false); !strings.Contains(o.err, "did you mean NewModel?") {
		t.Errorf("misspelt function: error %q, want a hint: did you mean NewModel?", o.err)
	}
	checkCompletions(t, f, []completionCase{
		{code: "net.", want: []string{"Predict", "weights"}, not: []string{"Dial"}},
		{code: "NewModel(2).Pre", want: []string{"Predict"}},
		{code: "m.Sq", want: []string{"Sqrt"}},
		{code: "strings.ToU", want: []string{"ToUpper"}},
	})
	checkInspections(t, f, []inspectionCase{
		{code: "NewModel", want: []string{"NewModel returns a model with n weights."}},
		{code: "net.Predict", want: []string{"Predict returns the prediction for x."}},
	})
}
