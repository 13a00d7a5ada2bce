package notebook

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/nnbook/nnbook/kernel/contract"
)

// Tags of cells that change how the runner treats them, as in nbclient.
const (
	// TagRaisesException marks a cell that is expected to fail: its error
	// is recorded and the run goes on.
	TagRaisesException = "raises-exception"
	// TagSkipExecution marks a cell the runner leaves alone.
	TagSkipExecution = "skip-execution"
)

// Runner executes the code cells of notebooks through an executor.
type Runner struct {
	// Executor runs the cells; a fresh one per notebook gives each
	// notebook a fresh session. Required.
	Executor contract.Executor
	// Timeout bounds the run time of each cell; a cell that takes longer
	// is interrupted and fails with a TimeoutError. Zero: no limit.
	Timeout time.Duration
	// AllowErrors runs every cell even after one fails (nbclient's
	// allow_errors). Run then reports no cell error.
	AllowErrors bool
	// Input answers the input requests of cells (gonbui.RequestInput). Nil:
	// a cell that asks for input is told that none is available.
	Input func(ctx context.Context, prompt string, password bool) (string, error)
	// CellDone, when not nil, is called after each executed cell.
	CellDone func(CellReport)
}

// CellReport describes one executed cell.
type CellReport struct {
	// Index is the cell's index in Notebook.Cells.
	Index int
	// ExecutionCount is the cell's In [n].
	ExecutionCount int
	// Duration is the cell's wall-clock time, build included.
	Duration time.Duration
	// Err is the cell's error, nil on success.
	Err *contract.Error
}

// CellError is the error of a run stopped by a failing cell.
type CellError struct {
	// Index is the cell's index in Notebook.Cells.
	Index int
	// ExecutionCount is the cell's In [n].
	ExecutionCount int
	// Err is what the executor reported.
	Err *contract.Error
}

func (e *CellError) Error() string {
	return fmt.Sprintf("notebook: cell %d (In [%d]) failed: %s: %s", e.Index, e.ExecutionCount, e.Err.Name, e.Err.Value)
}

// ErrNoInput is the error a cell's input request gets when the Runner has
// no Input.
var ErrNoInput = errors.New("notebook: this run accepts no input (nnbook run reads answers from its standard input)")

// Run executes the code cells of nb in order, replacing their outputs and
// execution counts; empty cells and cells tagged skip-execution keep theirs.
// It returns a *CellError for the first failing cell that is not allowed
// to fail (the cells after it are not run), or ctx's error when ctx is done.
// A notebook whose metadata names a language other than Go is not run.
func (r *Runner) Run(ctx context.Context, nb *Notebook) error {
	if lang := nb.Language(); lang != "" && !strings.EqualFold(lang, "go") {
		return fmt.Errorf("notebook: this is a %s notebook (metadata kernelspec.language); nnbook runs Go notebooks", lang)
	}
	n := 0
	for i, c := range nb.Cells {
		if c.Type != "code" || strings.TrimSpace(c.Source) == "" || c.hasTag(TagSkipExecution) {
			continue
		}
		n++
		rep := r.runCell(ctx, c, n)
		rep.Index = i
		if r.CellDone != nil {
			r.CellDone(rep)
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("notebook: run stopped at cell %d: %w", i, err)
		}
		if rep.Err != nil && !r.AllowErrors && !c.hasTag(TagRaisesException) {
			return &CellError{Index: i, ExecutionCount: n, Err: rep.Err}
		}
	}
	return nil
}

// runCell executes c as In [n] and records its outputs in c.
func (r *Runner) runCell(ctx context.Context, c *Cell, n int) CellReport {
	start := time.Now()
	cctx, cancel := ctx, context.CancelFunc(func() {})
	if r.Timeout > 0 {
		cctx, cancel = context.WithTimeout(ctx, r.Timeout)
	}
	defer cancel()
	rec := &recorder{input: r.Input, ids: make(map[string][]int)}
	res := r.execute(cctx, contract.Request{
		MsgID:          fmt.Sprintf("nnbook-run-%d", n),
		Code:           c.Source,
		ExecutionCount: n,
		AllowStdin:     r.Input != nil,
	}, rec)
	if res.Err != nil && errors.Is(cctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
		msg := fmt.Sprintf("the cell did not finish within %v and was interrupted", r.Timeout)
		res.Err = &contract.Error{Name: "TimeoutError", Value: msg, Traceback: []string{"TimeoutError: " + msg}}
	}
	outs := rec.finish()
	if res.Value != nil {
		outs = append(outs, Output{Type: "execute_result", Data: res.Value, Metadata: map[string]any{}, ExecutionCount: n})
	}
	if e := res.Err; e != nil {
		tb := e.Traceback
		if tb == nil {
			tb = []string{}
		}
		outs = append(outs, Output{Type: "error", EName: e.Name, EValue: e.Value, Traceback: tb})
	}
	c.Outputs, c.ExecutionCount = outs, n
	return CellReport{ExecutionCount: n, Duration: time.Since(start), Err: res.Err}
}

// execute calls the executor, turning a panic into a cell error.
func (r *Runner) execute(ctx context.Context, req contract.Request, out contract.Sink) (res contract.Result) {
	defer func() {
		if p := recover(); p != nil {
			res = contract.Result{Err: &contract.Error{Name: "InternalError", Value: fmt.Sprintf("notebook: executor panicked: %v", p)}}
		}
	}()
	return r.Executor.Execute(ctx, req, out)
}

// recorder is the contract.Sink of one cell: it keeps outputs as nbclient
// saves them.
type recorder struct {
	input func(ctx context.Context, prompt string, password bool) (string, error)

	// mu guards outs, ids, clearWait and done.
	mu        sync.Mutex
	outs      []Output
	ids       map[string][]int // display id → indexes in outs
	clearWait bool             // clear before the next output
	done      bool             // finish was called; later output is dropped
}

var _ contract.Sink = (*recorder)(nil)

// Stream appends p to the last output when it is the same stream.
func (r *recorder) Stream(name string, p []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done || len(p) == 0 {
		return
	}
	r.clearIfWaitingLocked()
	if k := len(r.outs) - 1; k >= 0 && r.outs[k].Type == "stream" && r.outs[k].Name == name {
		r.outs[k].Text += string(p)
		return
	}
	r.outs = append(r.outs, Output{Type: "stream", Name: name, Text: string(p)})
}

// Display appends display_data, or updates the outputs shown with the
// same display id.
func (r *recorder) Display(d contract.Display) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done {
		return
	}
	metadata := d.Metadata
	if metadata == nil {
		metadata = map[string]any{}
	}
	if d.Update {
		for _, k := range r.ids[d.DisplayID] {
			r.outs[k].Data, r.outs[k].Metadata = d.Data, metadata
		}
		return
	}
	r.clearIfWaitingLocked()
	if d.DisplayID != "" {
		r.ids[d.DisplayID] = append(r.ids[d.DisplayID], len(r.outs))
	}
	r.outs = append(r.outs, Output{Type: "display_data", Data: d.Data, Metadata: metadata})
}

// ClearOutput removes the outputs so far, or with wait, when the next
// output arrives.
func (r *recorder) ClearOutput(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if wait {
		r.clearWait = true
		return
	}
	r.clearLocked()
}

func (r *recorder) clearIfWaitingLocked() {
	if r.clearWait {
		r.clearLocked()
	}
}

func (r *recorder) clearLocked() {
	r.outs, r.clearWait = nil, false
	clear(r.ids)
}

// ReadInput implements [contract.Sink] with the runner's Input.
func (r *recorder) ReadInput(ctx context.Context, prompt string, password bool) (string, error) {
	if r.input == nil {
		return "", ErrNoInput
	}
	return r.input(ctx, prompt, password)
}

// finish returns the outputs; later output is dropped.
func (r *recorder) finish() []Output {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done = true
	return r.outs
}
