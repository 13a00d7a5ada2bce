// Package interrupt makes the code of notebook cells stop when the user
// interrupts the kernel, the way IPython raises KeyboardInterrupt: the
// running cell's goroutine panics with an [*Error] at its next loop
// iteration or blocking operation, its deferred calls run, the cell
// reports where it stopped, and every variable keeps the value it had.
//
// The live executor instruments the code written in cells (top-level
// statements and the functions and methods cells define): each for loop
// calls [Check] once per iteration, channel sends and receives become
// [Send], [Recv] and [Recv2], time.Sleep becomes [Sleep], and a blocking
// select gains a case on [Done]. The cell's entry function calls [Begin]
// and [End]. Cells use the package directly only for [Context]:
//
//	hist, err := model.Fit(interrupt.Context(), net, x, y, cfg)
//
// passes the interrupt into library code that takes a context.
//
// A for range loop over a channel (the type-check tells it from a range
// over a slice) ranges over [Chan], which wakes while it waits for the
// next value.
//
// Goroutines that a cell starts keep running after an interrupt: only the
// cell's own goroutine is stopped (their checks and blocking operations
// carry on as written). Code that is not instrumented (library loops,
// sync.WaitGroup.Wait, a mutex) does not notice the interrupt unless it
// watches [Context]; if the cell does not return within the kernel's
// grace period, the worker is restarted.
//
// The package runs inside the worker, next to the cell plugins: it uses
// the standard library only.
package interrupt

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ErrInterrupted is the cause of a cell context cancelled by an interrupt.
var ErrInterrupted = errors.New("interrupt: the cell was interrupted")

// errCellEnded is the cause of the context of a cell that has returned.
var errCellEnded = errors.New("interrupt: the cell has returned")

// Error is the panic value that stops an interrupted cell's goroutine. A
// cell can recover it, as Python code can catch KeyboardInterrupt; the
// next interrupt raises a new one.
type Error struct {
	// File and Line are where the cell's code noticed the interrupt, in
	// cell terms ("cell[3]", 5) when the code carries //line directives.
	File string
	Line int
}

func (e *Error) Error() string {
	if e.File == "" {
		return "interrupted"
	}
	if strings.HasPrefix(e.File, "cell[") {
		return "interrupted at " + e.File + " line " + strconv.Itoa(e.Line)
	}
	return "interrupted at " + e.File + ":" + strconv.Itoa(e.Line)
}

// Is reports ErrInterrupted as the same condition, so that
// errors.Is(err, interrupt.ErrInterrupted) holds for both.
func (e *Error) Is(target error) bool { return target == ErrInterrupted }

// pending is set by an interrupt and cleared when the cell's goroutine
// raises it; the instrumented loops load it once per iteration.
var pending atomic.Bool

// current is the running cell, nil between cells.
var current atomic.Pointer[cellRun]

// cellRun is one run of a cell's entry function.
type cellRun struct {
	goid   uint64 // the cell's goroutine
	ctx    context.Context
	cancel context.CancelCauseFunc
	// mu guards wake.
	mu sync.Mutex
	// wake is closed by the next interrupt; raising it installs a new one.
	wake chan struct{}
}

func init() {
	// The worker ignores SIGINT itself; every listener receives it.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	go func() {
		for range sig {
			Interrupt()
		}
	}()
}

// Begin marks the start of a cell on the calling goroutine, which is the
// one an interrupt stops. A pending interrupt from before is dropped.
func Begin() {
	ctx, cancel := context.WithCancelCause(context.Background())
	r := &cellRun{goid: goid(), ctx: ctx, cancel: cancel, wake: make(chan struct{})}
	pending.Store(false)
	current.Store(r)
}

// End marks the end of the cell that [Begin] started: its context is
// cancelled and interrupts are ignored until the next Begin.
func End() {
	if r := current.Swap(nil); r != nil {
		r.cancel(errCellEnded)
	}
	pending.Store(false)
}

// Interrupt interrupts the running cell, as SIGINT does: its context is
// cancelled, and its goroutine panics with an [*Error] at the next
// instrumented loop iteration or blocking operation. Between cells it does
// nothing.
func Interrupt() {
	r := current.Load()
	if r == nil {
		return
	}
	r.mu.Lock()
	if !pending.Load() {
		pending.Store(true)
		close(r.wake)
	}
	r.mu.Unlock()
	r.cancel(ErrInterrupted)
}

// Context returns the running cell's context: it is cancelled when the
// cell is interrupted (cause [ErrInterrupted]) and when the cell returns.
// Between cells it returns context.Background().
func Context() context.Context {
	if r := current.Load(); r != nil {
		return r.ctx
	}
	return context.Background()
}

// Check raises a pending interrupt on the cell's goroutine; instrumented
// loops call it once per iteration. It costs one atomic load while no
// interrupt is pending.
func Check() {
	if pending.Load() {
		take()
	}
}

// Done returns a channel that is closed when an interrupt is pending: a
// blocking select in a cell gains a case on it. Between cells it returns
// nil, which blocks forever.
func Done() <-chan struct{} {
	r := current.Load()
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.wake
}

// othersPause is how long Raise pauses on a goroutine other than the
// cell's, so that a select retried while the interrupt is pending does
// not spin.
const othersPause = time.Millisecond

// Raise panics with an [*Error] when an interrupt is pending and the
// caller is the cell's goroutine, which takes the interrupt. On any other
// goroutine it pauses briefly and returns: the select that called it
// starts again, and does not spin while the interrupt is pending.
func Raise() {
	if take() {
		time.Sleep(othersPause)
	}
}

// take panics with an [*Error] when an interrupt is pending and the caller
// is the cell's goroutine. It returns false when the cell's goroutine has
// taken the interrupt already, true on any other goroutine.
func take() (other bool) {
	r := current.Load()
	if r == nil || !pending.Load() {
		return false
	}
	if goid() != r.goid {
		return true
	}
	r.mu.Lock()
	if !pending.Load() {
		r.mu.Unlock()
		return false
	}
	pending.Store(false)
	r.wake = make(chan struct{})
	r.mu.Unlock()
	panic(callerError())
}

// callerError returns the interrupt's panic value, placed at the first
// frame outside this package's code.
func callerError() *Error {
	pcs := make([]uintptr, 16)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if filepath.Dir(f.File) != ownDir || strings.HasSuffix(f.File, "_test.go") {
			return &Error{File: f.File, Line: f.Line}
		}
		if !more {
			return &Error{}
		}
	}
}

// ownDir is the directory of this package's source, whose frames
// callerError skips.
var ownDir = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}()

// goid returns the calling goroutine's id, from the header of its stack
// trace ("goroutine 7 [running]:").
func goid() uint64 {
	var buf [64]byte
	s := string(buf[:runtime.Stack(buf[:], false)])
	s = strings.TrimPrefix(s, "goroutine ")
	if i := strings.IndexByte(s, ' '); i > 0 {
		s = s[:i]
	}
	id, _ := strconv.ParseUint(s, 10, 64)
	return id
}
