package notebook

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/contract"
)

// fakeExecutor runs cells written in a tiny language, one command a line:
//
//	print TEXT | eprint TEXT    write TEXT and a newline to stdout | stderr
//	html TEXT                   display text/html
//	show ID TEXT                display text/html in display ID (updates after the first)
//	clear | clearwait           clear the output (wait=false | true)
//	input PROMPT                read a line of input and print "got LINE"
//	value TEXT                  the cell's value, text/plain
//	fail NAME MSG               fail with error NAME: MSG
//	hang                        wait until interrupted
type fakeExecutor struct {
	counts []int
}

var _ contract.Executor = (*fakeExecutor)(nil)

func (f *fakeExecutor) Execute(ctx context.Context, req contract.Request, out contract.Sink) contract.Result {
	f.counts = append(f.counts, req.ExecutionCount)
	seen := map[string]bool{}
	var res contract.Result
	for _, line := range strings.Split(strings.TrimSpace(req.Code), "\n") {
		cmd, arg, _ := strings.Cut(line, " ")
		switch cmd {
		case "print":
			out.Stream("stdout", []byte(arg+"\n"))
		case "eprint":
			out.Stream("stderr", []byte(arg+"\n"))
		case "html":
			out.Display(contract.Display{Data: map[string]any{"text/html": arg}})
		case "show":
			id, text, _ := strings.Cut(arg, " ")
			id = req.MsgID + "-" + id
			out.Display(contract.Display{Data: map[string]any{"text/html": text}, DisplayID: id, Update: seen[id]})
			seen[id] = true
		case "clear", "clearwait":
			out.ClearOutput(cmd == "clearwait")
		case "input":
			s, err := out.ReadInput(ctx, arg, false)
			if err != nil {
				out.Stream("stderr", []byte(err.Error()+"\n"))
				continue
			}
			out.Stream("stdout", []byte("got "+s+"\n"))
		case "value":
			res.Value = map[string]any{"text/plain": arg}
		case "fail":
			name, msg, _ := strings.Cut(arg, " ")
			return contract.Result{Err: &contract.Error{Name: name, Value: msg, Traceback: []string{name + ": " + msg}}}
		case "hang":
			<-ctx.Done()
			return contract.Result{Err: &contract.Error{Name: "Interrupted", Value: "the cell was interrupted"}}
		default:
			panic("fakeExecutor: unknown command " + cmd)
		}
	}
	return res
}

func (f *fakeExecutor) Complete(string, int) contract.Completion        { return contract.Completion{} }
func (f *fakeExecutor) Inspect(string, int, int) (map[string]any, bool) { return nil, false }
func (f *fakeExecutor) IsComplete(string) (string, string)              { return "complete", "" }
func (f *fakeExecutor) Close() error                                    { return nil }

// code returns a code cell with stale outputs, which a run must replace.
func code(source string, tags ...string) *Cell {
	c := &Cell{Type: "code", Source: source, ExecutionCount: 99,
		Outputs: []Output{{Type: "stream", Name: "stdout", Text: "stale\n"}}}
	if len(tags) > 0 {
		list := []any{}
		for _, t := range tags {
			list = append(list, t)
		}
		c.Metadata = map[string]any{"tags": list}
	}
	return c
}

func stream(name, text string) Output { return Output{Type: "stream", Name: name, Text: text} }

func html(text string) Output {
	return Output{Type: "display_data", Data: map[string]any{"text/html": text}, Metadata: map[string]any{}}
}

func errOut(name, msg string) Output {
	return Output{Type: "error", EName: name, EValue: msg, Traceback: []string{name + ": " + msg}}
}

func demo() *Notebook {
	return &Notebook{Cells: []*Cell{
		{Type: "markdown", Source: "# Demo"},
		code("print a\nprint b\neprint warn\nprint c"),
		code("show p 1/3\nshow p 2/3\nhtml static\nshow p 3/3\nvalue 42"),
		code("print gone\nclear\nprint kept"),
		code("print old\nclearwait\nhtml new"),
		code("  \n"),
		code("print skipped", TagSkipExecution),
		code("input name?"),
		code("print x\nfail panic boom", TagRaisesException),
		code("print after"),
	}}
}

func TestRun(t *testing.T) {
	nb := demo()
	fx := &fakeExecutor{}
	var reports []CellReport
	r := &Runner{Executor: fx, CellDone: func(rep CellReport) { reports = append(reports, rep) }}
	if err := r.Run(context.Background(), nb); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		count int
		outs  []Output
	}{
		{0, nil},
		{1, []Output{stream("stdout", "a\nb\n"), stream("stderr", "warn\n"), stream("stdout", "c\n")}},
		{2, []Output{html("3/3"), html("static"), {Type: "execute_result", Data: map[string]any{"text/plain": "42"}, Metadata: map[string]any{}, ExecutionCount: 2}}},
		{3, []Output{stream("stdout", "kept\n")}},
		{4, []Output{html("new")}},
		{99, []Output{stream("stdout", "stale\n")}}, // empty: left alone
		{99, []Output{stream("stdout", "stale\n")}}, // skip-execution
		{5, []Output{stream("stderr", ErrNoInput.Error()+"\n")}},
		{6, []Output{stream("stdout", "x\n"), errOut("panic", "boom")}},
		{7, []Output{stream("stdout", "after\n")}},
	}
	for i, w := range want {
		c := nb.Cells[i]
		if c.ExecutionCount != w.count || !reflect.DeepEqual(c.Outputs, w.outs) {
			t.Errorf("cell %d: got count %d outputs %+v\nwant count %d outputs %+v", i, c.ExecutionCount, c.Outputs, w.count, w.outs)
		}
	}
	if want := []int{1, 2, 3, 4, 5, 6, 7}; !reflect.DeepEqual(fx.counts, want) {
		t.Errorf("executor saw execution counts %v, want %v", fx.counts, want)
	}
	var idx []int
	for _, rep := range reports {
		idx = append(idx, rep.Index)
		if (rep.Err != nil) != (rep.Index == 8) {
			t.Errorf("report of cell %d: error %v", rep.Index, rep.Err)
		}
	}
	if want := []int{1, 2, 3, 4, 7, 8, 9}; !reflect.DeepEqual(idx, want) {
		t.Errorf("CellDone for cells %v, want %v", idx, want)
	}
}

// TestRunReproducible runs the same notebook twice and checks that the
// written files are identical and valid nbformat, byte for byte as
// Jupyter writes them.
func TestRunReproducible(t *testing.T) {
	dir := t.TempDir()
	var files [2][]byte
	for i := range files {
		nb := demo()
		r := &Runner{Executor: &fakeExecutor{}, Input: func(_ context.Context, prompt string, _ bool) (string, error) {
			return "Ada", nil
		}}
		if err := r.Run(context.Background(), nb); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("run%d.ipynb", i))
		if err := WriteFile(path, nb); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files[i] = data
		if i == 0 {
			if got := jupyterWrite(t, path); got != string(data) {
				t.Errorf("nbformat writes the executed notebook differently:\n%s\n--- ours\n%s", got, data)
			}
			if !strings.Contains(string(data), `"got Ada\n"`) {
				t.Errorf("the input cell's answer is missing:\n%s", data)
			}
		}
	}
	if string(files[0]) != string(files[1]) {
		t.Errorf("two runs wrote different files:\n%s\n---\n%s", files[0], files[1])
	}
}

func TestRunStopsAtError(t *testing.T) {
	tests := []struct {
		name        string
		allowErrors bool
		wantErr     bool
		ran         []int
	}{
		{name: "stop", wantErr: true, ran: []int{1, 2}},
		{name: "allow errors", allowErrors: true, ran: []int{1, 2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb := &Notebook{Cells: []*Cell{code("print 1"), code("fail CompileError undefined: x"), code("print 3")}}
			fx := &fakeExecutor{}
			err := (&Runner{Executor: fx, AllowErrors: tt.allowErrors}).Run(context.Background(), nb)
			var ce *CellError
			if tt.wantErr {
				if !errors.As(err, &ce) || ce.Index != 1 || ce.ExecutionCount != 2 || ce.Err.Name != "CompileError" {
					t.Fatalf("Run = %v, want a CellError for cell 1, In [2], CompileError", err)
				}
				if want := "notebook: cell 1 (In [2]) failed: CompileError: undefined: x"; err.Error() != want {
					t.Errorf("error %q, want %q", err, want)
				}
				if c := nb.Cells[2]; c.ExecutionCount != 99 {
					t.Errorf("the cell after the error was changed: %+v", c)
				}
			} else if err != nil {
				t.Fatalf("Run = %v, want nil", err)
			}
			if !reflect.DeepEqual(fx.counts, tt.ran) {
				t.Errorf("ran %v, want %v", fx.counts, tt.ran)
			}
			if got, want := nb.Cells[1].Outputs, []Output{errOut("CompileError", "undefined: x")}; !reflect.DeepEqual(got, want) {
				t.Errorf("failed cell's outputs %+v, want %+v", got, want)
			}
		})
	}
}

func TestRunTimeout(t *testing.T) {
	const timeout = 50 * time.Millisecond
	nb := &Notebook{Cells: []*Cell{code("print start\nhang"), code("print never")}}
	err := (&Runner{Executor: &fakeExecutor{}, Timeout: timeout}).Run(context.Background(), nb)
	var ce *CellError
	if !errors.As(err, &ce) || ce.Err.Name != "TimeoutError" {
		t.Fatalf("Run = %v, want a TimeoutError", err)
	}
	msg := "the cell did not finish within 50ms and was interrupted"
	want := []Output{stream("stdout", "start\n"), {Type: "error", EName: "TimeoutError", EValue: msg, Traceback: []string{"TimeoutError: " + msg}}}
	if got := nb.Cells[0].Outputs; !reflect.DeepEqual(got, want) {
		t.Errorf("outputs %+v, want %+v", got, want)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	nb := &Notebook{Cells: []*Cell{code("print 1"), code("print 2")}}
	r := &Runner{Executor: &fakeExecutor{}, CellDone: func(CellReport) { cancel() }}
	if err := r.Run(ctx, nb); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	if nb.Cells[1].ExecutionCount != 99 {
		t.Errorf("a cell ran after the run was cancelled")
	}
}

func TestRunLanguage(t *testing.T) {
	tests := []struct {
		metadata map[string]any
		runs     bool
	}{
		{metadata: nil, runs: true},
		{metadata: map[string]any{"kernelspec": map[string]any{"language": "go", "name": "nnbook"}}, runs: true},
		{metadata: map[string]any{"language_info": map[string]any{"name": "go"}}, runs: true},
		{metadata: map[string]any{"kernelspec": map[string]any{"language": "python", "name": "python3"}}, runs: false},
		{metadata: map[string]any{"language_info": map[string]any{"name": "python"}}, runs: false},
	}
	for i, tt := range tests {
		fx := &fakeExecutor{}
		nb := &Notebook{Metadata: tt.metadata, Cells: []*Cell{code("print 1")}}
		err := (&Runner{Executor: fx}).Run(context.Background(), nb)
		if ran := len(fx.counts) == 1; ran != tt.runs || (err == nil) != tt.runs {
			t.Errorf("%d: metadata %v: ran %v, error %v; want ran %v", i, tt.metadata, ran, err, tt.runs)
		}
	}
}
