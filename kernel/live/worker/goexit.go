package main

import "runtime/debug"

// cellPanic is a panic, or a runtime.Goexit, of a cell's goroutine, raised
// again on the worker's main goroutine with the stack where it happened.
type cellPanic struct {
	text  string
	stack []byte
}

func (p cellPanic) Error() string { return p.text }

// goexitText is what the user sees when a cell calls runtime.Goexit.
const goexitText = "runtime.Goexit was called: the cell stopped there; the session's variables are kept"

// callCell runs cell on a goroutine of its own and returns its values. A
// panic there is raised again on the caller's goroutine as a cellPanic
// carrying the cell's stack. runtime.Goexit in the cell, which on the main
// goroutine would end the worker's request loop and leave the kernel
// waiting for a reply that never comes, becomes such a panic too: the cell
// is reported at once and the session is kept.
func callCell(cell func() []any) []any {
	var (
		vals []any
		p    *cellPanic
	)
	done := make(chan struct{})
	go func() {
		returned := false
		defer func() {
			if !returned {
				// recover is nil during runtime.Goexit: panic(nil) is a
				// *runtime.PanicNilError since Go 1.21.
				if r := recover(); r != nil {
					p = &cellPanic{text: panicText(r), stack: debug.Stack()}
				} else {
					p = &cellPanic{text: goexitText, stack: debug.Stack()}
				}
			}
			close(done)
		}()
		vals = cell()
		returned = true
	}()
	<-done
	if p != nil {
		panic(*p)
	}
	return vals
}

// panicStack returns the stack of the panic r: the cell goroutine's for a
// cellPanic, the current one's otherwise.
func panicStack(r any) string {
	if p, ok := r.(cellPanic); ok {
		return string(p.stack)
	}
	return string(debug.Stack())
}
