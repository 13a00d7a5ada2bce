package cell

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

// Output receives what a running cell produces, as it produces it. The kernel
// implements it: it batches stream chunks into stream messages and publishes
// display data on iopub with the request's parent header. Methods may be called
// from several goroutines.
type Output interface {
	// Stream delivers raw bytes the program wrote to "stdout" or "stderr".
	Stream(name string, p []byte)
	// Display publishes rich output (display_data, or update_display_data
	// when d.Update is set).
	Display(d Display)
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

// Error is a failed cell in Jupyter's terms: the iopub error message and the
// error execute_reply carry these three fields.
type Error struct {
	// Name is the ename, e.g. "CompileError", "panic" or "Interrupted".
	Name string
	// Value is the evalue: a one-line summary.
	Value string
	// Traceback lists the lines to show (ANSI colours allowed), with
	// positions mapped to cell line numbers.
	Traceback []string
}

// Error returns "Name: Value".
func (e *Error) Error() string { return e.Name + ": " + e.Value }
