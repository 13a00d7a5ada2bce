// Package contract is what every executor and every front of the kernel
// speaks: the [Request] to run one cell, its [Result] and [Error], the
// [Display] data a cell shows, the one [Sink] a running cell's output goes
// to, and the [Executor] that runs cells.
//
// Output flows one way: the cell writes to its streams and to gonbui's
// display pipes, package display decodes them and calls the Sink, and the
// Sink is the protocol server's iopub publisher or the notebook runner's
// output list. Nothing in between calls back up.
package contract

import (
	"context"
	"errors"
)

// Request is one cell execution. State that lasts only for one cell lives
// here, never in flags on the executor.
type Request struct {
	// MsgID is the execute_request's msg_id; outputs are attributed to it.
	MsgID string
	// Code is the cell's source as the user typed it.
	Code string
	// ExecutionCount is the number the kernel shows as In[n].
	ExecutionCount int
	// AllowStdin reports whether the front end can answer input requests.
	AllowStdin bool
	// Silent asks for no output on iopub (the executor may still run the code).
	Silent bool
}

// Sink receives what a running cell produces, as it produces it: the
// protocol server publishes it on iopub with the request's parent header,
// the notebook runner records it as the cell's outputs. Methods may be
// called from several goroutines.
type Sink interface {
	// Stream delivers raw bytes the program wrote to "stdout" or "stderr".
	Stream(name string, p []byte)
	// Display publishes rich output (display_data, or update_display_data
	// when d.Update is set).
	Display(d Display)
	// ClearOutput clears the cell's output; wait defers the clearing until
	// the next output arrives.
	ClearOutput(wait bool)
	// ReadInput asks the front end for a line of input (input_request);
	// it returns an error when none can be given or ctx ends first.
	ReadInput(ctx context.Context, prompt string, password bool) (string, error)
}

// Display is one rich output.
type Display struct {
	// Data is the MIME bundle, e.g. {"text/html": "<b>hi</b>"}; binary
	// types (image/png) are base64 strings.
	Data map[string]any
	// Metadata is the per-MIME metadata (may be nil).
	Metadata map[string]any
	// DisplayID, when set, is sent as transient.display_id so later
	// updates can replace this output in place.
	DisplayID string
	// Update sends update_display_data instead of display_data.
	Update bool
}

// Result is the outcome of one cell.
type Result struct {
	// Err is nil on success.
	Err *Error
	// Value, when not nil, is the MIME bundle of the cell's trailing
	// expression, published as execute_result.
	Value map[string]any
	// Payload is the execute_reply payload list (e.g. a pager page for
	// %help); nil for none.
	Payload []map[string]any
}

// Fail returns the Result of a cell that failed with [NewError](name, value).
func Fail(name, value string) Result { return Result{Err: NewError(name, value)} }

// Executor runs cells and answers the questions a front end asks about code.
// Execute is called for one cell at a time; the other methods may be
// called concurrently with a running Execute and must answer promptly.
type Executor interface {
	// Execute runs one cell, sending its outputs to out while it runs.
	// Cancelling ctx interrupts the cell: the executor signals the program,
	// stops it after a grace period, and returns a Result whose Err.Name is
	// "Interrupted".
	Execute(ctx context.Context, req Request, out Sink) Result

	// Complete returns the completions at cursor (a rune offset into
	// code).
	Complete(code string, cursor int) Completion

	// Inspect returns documentation of the symbol at cursor as a MIME
	// bundle (text/plain at least), or found=false.
	Inspect(code string, cursor, detailLevel int) (data map[string]any, found bool)

	// IsComplete reports whether code is ready to run: "complete",
	// "incomplete" (with the indent to continue with) or "invalid".
	IsComplete(code string) (status, indent string)

	// Close stops anything still running and removes the session's files.
	Close() error
}

// Completion is the answer to a complete_request.
type Completion struct {
	// Matches replace code[Start:End] (rune offsets).
	Matches    []string
	Start, End int
	// Metadata is the complete_reply metadata (JupyterLab's
	// _jupyter_types_experimental); nil for none.
	Metadata map[string]any
}

// Discard is a Sink that drops every output and answers no input; warm-up
// runs use it.
var Discard Sink = discard{}

type discard struct{}

func (discard) Stream(string, []byte) {}
func (discard) Display(Display)       {}
func (discard) ClearOutput(bool)      {}
func (discard) ReadInput(context.Context, string, bool) (string, error) {
	return "", errNoInput
}

var errNoInput = errors.New("contract: this run accepts no input")
