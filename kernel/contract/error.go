package contract

import "errors"

// ANSI escapes of the tracebacks: Jupyter front ends render them.
const (
	ansiRed   = "\x1b[31m"
	ansiReset = "\x1b[0m"
)

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

// NewError returns the error name with the one-line summary value; its
// traceback is "name: value" with the name highlighted, followed by the
// lines of detail. Every traceback's first line is built here.
func NewError(name, value string, detail ...string) *Error {
	return &Error{Name: name, Value: value, Traceback: append([]string{Highlight(name) + ": " + value}, detail...)}
}

// Highlight marks s (a name, a cell position) in red in a traceback.
func Highlight(s string) string { return ansiRed + s + ansiReset }

// AsError returns err as the cell's error: the *Error it wraps, or an
// error named "Error" with err's text.
func AsError(err error) *Error {
	if e, ok := errors.AsType[*Error](err); ok {
		return e
	}
	return NewError("Error", err.Error())
}
