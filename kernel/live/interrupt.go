package live

import (
	"regexp"
	"time"

	"github.com/nnbook/nnbook/kernel/contract"
)

// resendInterrupt is how long after an interrupt the worker gets SIGINT
// again when the cell has not returned: a signal that arrived while the
// cell's plugin was loading, before the cell began, is not lost.
const resendInterrupt = 200 * time.Millisecond

// interruptPanic matches the message of an interrupt runtime's panic
// value, *interrupt.Error.
var interruptPanic = regexp.MustCompile(`^interrupted(?: at .*)?$`)

// interruptError returns the error of a cell whose goroutine the interrupt
// runtime stopped (the worker reports its panic), or nil for any other
// panic: a KeyboardInterrupt, as IPython names it, at the cell line where
// the cell stopped, with the stack of cell frames (panicError hides the
// interrupt runtime's own frames).
func interruptError(msg, stack string, fullStack bool) *contract.Error {
	if !interruptPanic.MatchString(msg) {
		return nil
	}
	e := panicError(msg, stack, fullStack)
	e.Name = "KeyboardInterrupt"
	e.Value = msg + "; the session's variables are kept"
	e.Traceback[0] = contract.Highlight(e.Name) + ": " + e.Value
	return e
}
