package live

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/nnbook/nnbook/kernel/contract"
)

// pastCell is a cell that ran successfully: one step of what %rerun
// replays.
type pastCell struct {
	// n is the cell's execution count, kept on replay so that positions,
	// %ls and errors name the cell the user knows.
	n int
	// code is the cell as %rerun runs it: see replayCode.
	code string
	// shell is set when shell lines were left out of code.
	shell bool
}

// notReplayed are the magics %rerun leaves out of a replayed cell: those
// that only show something, and those that would undo the replay. Every
// other special line (%go, %rm, %stack, and magics added later, such as
// one that chooses the worker's BLAS) changes the session and runs again.
var notReplayed = map[string]bool{
	"%help": true, "%who": true, "%whos": true, "%ls": true, "%time": true,
	"%reset": true, "%rerun": true,
}

// replayCode returns code as %rerun runs it again: the lines of the magics
// in notReplayed and the shell lines (!CMD, !*CMD) blanked, keeping line
// numbers. Shell commands are not run again: what they did to files is
// still there, and running them twice (a download, a rm) could do harm.
// shell reports whether a shell line was left out.
func replayCode(code string) (replay string, shell bool) {
	lines := strings.SplitAfter(code, "\n")
	for i, line := range lines {
		t, ok := specialLine(line)
		if !ok {
			continue
		}
		switch {
		case strings.HasPrefix(t, "!"):
			shell = true
		case !notReplayed[strings.Fields(t)[0]]:
			continue
		}
		lines[i] = blankLine(line)
	}
	return strings.Join(lines, ""), shell
}

// record adds cell req, which ended with res, to the cells %rerun
// replays when it succeeded, else to those it leaves out; a cell with
// nothing to replay (only %who, say) is left out.
func (s *Session) record(req contract.Request, res contract.Result) {
	s.ranLast = req.ExecutionCount
	if res.Err != nil {
		if res.Err.Name != "CompileError" && res.Err.Name != "MagicError" { // those change nothing
			s.failed = append(s.failed, req.ExecutionCount)
		}
		return
	}
	code, shell := replayCode(req.Code)
	if strings.TrimSpace(code) == "" {
		return
	}
	s.history = append(s.history, pastCell{n: req.ExecutionCount, code: code, shell: shell})
}

// forgetCrashed leaves out of the replay the cell that ran last, when a
// goroutine it left running crashed the worker after it returned: replayed,
// it would crash the new worker again. It returns the cell's number, 0 when
// it was not recorded.
func (s *Session) forgetCrashed() int {
	if k := len(s.history) - 1; k >= 0 && s.history[k].n == s.ranLast {
		s.history = s.history[:k]
		return s.ranLast
	}
	return 0
}

// rerunHint tells a user who lost the session's state that %rerun can
// rebuild it, and from how many cells; "" when there is nothing to
// replay.
func (s *Session) rerunHint() string {
	switch n := len(s.history); n {
	case 0:
		return ""
	case 1:
		return "%rerun rebuilds them by running the session's one successful cell again"
	default:
		return fmt.Sprintf("%%rerun rebuilds them by running the session's %d successful cells again", n)
	}
}

// heldOutput keeps what a replayed cell writes, to be shown only when the
// cell fails; its displays and clear_output requests are dropped, and
// input requests go to the front end. The zero value holds nothing for
// out.
type heldOutput struct {
	out contract.Sink
	// mu guards chunks and size: the worker's streams write from
	// goroutines of their own.
	mu     sync.Mutex
	chunks []heldChunk
	size   int
}

type heldChunk struct {
	name string
	p    []byte
}

// heldKeep is how much of a replayed cell's output is kept, the last
// bytes.
const heldKeep = 64 << 10

func (h *heldOutput) Stream(name string, p []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.chunks = append(h.chunks, heldChunk{name, append([]byte(nil), p...)})
	h.size += len(p)
	for h.size > heldKeep && len(h.chunks) > 1 {
		h.size -= len(h.chunks[0].p)
		h.chunks = h.chunks[1:]
	}
}

func (h *heldOutput) Display(contract.Display) {}
func (h *heldOutput) ClearOutput(bool)         {}

func (h *heldOutput) ReadInput(ctx context.Context, prompt string, password bool) (string, error) {
	return h.out.ReadInput(ctx, prompt, password)
}

// show passes the held output on to out.
func (h *heldOutput) show() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range h.chunks {
		h.out.Stream(c.name, c.p)
	}
}

// rerun is %rerun: it rebuilds the session from the cells that ran
// successfully since the session started or since %reset, in the order
// they ran, on a fresh worker. Cells that failed (a compile error, a panic,
// an interrupt, the cell whose hang or crash lost the worker) are not
// replayed; neither are shell lines and magics that only show something
// (see replayCode). A replayed cell's output and value are not shown
// again: one line per cell says it ran. A cell that fails on replay, or an
// interrupt, stops the replay: the error names the cell, with what it
// printed, and the cells before it stay replayed.
//
// %rerun always starts from a fresh worker, also when nothing was lost,
// so that the session is exactly what its history builds. After %reset
// there is nothing to replay: %reset asks for an empty session.
func (s *Session) rerun(ctx context.Context, req contract.Request, args []string, out contract.Sink) *contract.Error {
	if len(args) > 0 {
		return contract.NewError("MagicError", "%rerun takes no arguments: it replays every cell that ran successfully, in order (%help)")
	}
	s.reviveIdle(out) // says so, and leaves out the cell, when a goroutine crashed the worker
	cells := s.history
	print := func(format string, a ...any) { out.Stream("stdout", fmt.Appendf(nil, format, a...)) }
	if len(cells) == 0 {
		print("%%rerun: nothing to replay: no cell has run successfully since the session started or since %%reset.\n")
		return nil
	}
	if err := s.reset(s.current()); err != nil {
		return contract.NewError("WorkerDied", "%rerun: "+err.Error())
	}
	print("%%rerun: replaying %d %s on a fresh worker (their output is not shown again)\n", len(cells), plural(len(cells), "cell", "cells"))
	start := time.Now()
	var shell []string
	for i, c := range cells {
		held := &heldOutput{out: out}
		t := time.Now()
		res := s.execute(ctx, contract.Request{MsgID: req.MsgID, Code: c.code, ExecutionCount: c.n, AllowStdin: req.AllowStdin}, held)
		s.ranLast = c.n
		if res.Err != nil {
			held.show()
			return s.rerunStopped(ctx, cells, i, res.Err)
		}
		print("  %s %v\n", cellFile(c.n), time.Since(t).Round(time.Millisecond))
		if c.shell {
			shell = append(shell, cellFile(c.n))
		}
	}
	print("%%rerun: the session is rebuilt (%v).\n", time.Since(start).Round(time.Millisecond))
	if shell != nil {
		print("The shell lines (!) of %s were not run again; what they did to files is still there.\n", strings.Join(shell, ", "))
	}
	return nil
}

// rerunStopped returns the error of a replay that stopped at cells[i]
// with the cell's error e. A cell that does not compile on replay may
// use a name that a cell left out of the replay defined: a cell that
// failed at run time keeps what it defined up to the failure; the error
// then lists the cells left out before it.
func (s *Session) rerunStopped(ctx context.Context, cells []pastCell, i int, e *contract.Error) *contract.Error {
	at := cellFile(cells[i].n)
	done := "it was the first"
	if i > 0 {
		done = fmt.Sprintf("the %d %s before it %s replayed", i, plural(i, "cell", "cells"), plural(i, "was", "were"))
	}
	if rest := len(cells) - i - 1; rest > 0 {
		done += fmt.Sprintf(", the %d after it %s not", rest, plural(rest, "was", "were"))
	}
	name, value := "RerunError", fmt.Sprintf("%s failed when replayed (%s: %s); %s", at, e.Name, e.Value, done)
	if ctx.Err() != nil {
		name, value = e.Name, fmt.Sprintf("%%rerun was interrupted in %s (%s); %s", at, e.Value, done)
	}
	err := contract.NewError(name, value)
	if len(e.Traceback) > 1 {
		err.Traceback = append(err.Traceback, e.Traceback[1:]...)
	}
	var before []string
	for _, n := range s.failed {
		if n < cells[i].n {
			before = append(before, cellFile(n))
		}
	}
	if e.Name == "CompileError" && before != nil {
		err.Traceback = append(err.Traceback, fmt.Sprintf("%%rerun left out %s, which failed when %s first ran, so what %s defined is missing here: define it again in a cell, then run the cells from %s on",
			strings.Join(before, ", "), plural(len(before), "it", "they"), plural(len(before), "it", "they"), at))
	}
	return err
}

// plural returns one when n is 1, else other.
func plural(n int, one, other string) string {
	if n == 1 {
		return one
	}
	return other
}
