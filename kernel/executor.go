package kernel

import (
	"context"

	"github.com/nnbook/nnbook/kernel/cell"
)

// Executor runs cells and answers the questions a front end asks about code.
// The kernel calls Execute for one cell at a time; the other methods may be
// called concurrently with a running Execute and must answer promptly.
type Executor interface {
	// Execute runs one cell, sending its outputs to out while it runs.
	// Cancelling ctx interrupts the cell: the executor signals the program,
	// stops it after a grace period, and returns a Result whose Err.Name is
	// "Interrupted".
	Execute(ctx context.Context, req cell.Request, out cell.Output) cell.Result

	// Complete returns the completions for the identifier that ends at
	// cursor (a rune offset into code) and the rune range it replaces.
	Complete(code string, cursor int) (matches []string, start, end int)

	// Inspect returns documentation of the symbol at cursor as a MIME
	// bundle (text/plain at least), or found=false.
	Inspect(code string, cursor, detailLevel int) (data map[string]any, found bool)

	// IsComplete reports whether code is ready to run: "complete",
	// "incomplete" (with the indent to continue with) or "invalid".
	IsComplete(code string) (status, indent string)

	// Close stops anything still running and removes the session's files.
	Close() error
}
