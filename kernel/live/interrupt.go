package live

import (
	"regexp"
	"strings"
	"time"

	"github.com/nnbook/nnbook/kernel/cell"
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
// the cell stopped, with the stack of cell frames.
func interruptError(msg, stack string) *cell.Error {
	if !interruptPanic.MatchString(msg) {
		return nil
	}
	e := panicError(msg, stack)
	e.Name = "KeyboardInterrupt"
	e.Value = msg + "; the session's variables are kept"
	e.Traceback[0] = ansiRed + e.Name + ansiReset + ": " + e.Value
	// The runtime's own frames say nothing about the cell.
	tb := e.Traceback[:2]
	for i := 2; i+1 < len(e.Traceback); i += 2 {
		if !strings.HasPrefix(e.Traceback[i], interruptPath+".") {
			tb = append(tb, e.Traceback[i], e.Traceback[i+1])
		}
	}
	e.Traceback = tb
	return e
}
