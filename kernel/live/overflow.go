package live

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/nnbook/nnbook/kernel/contract"
)

// workerMaxStack is the worker's stack limit, in words for the user (see
// worker/overflow.go).
const workerMaxStack = "64 MiB"

// ansiEscape matches the colour codes of a traceback line.
var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;]*m")

// overflowFrames is how many frames of an overflowing stack are shown.
const overflowFrames = 6

// runtimeFatal starts the runtime's report when the worker cannot go on: a
// stack overflow, or another fatal error. Everything the worker writes to
// stderr from there is the dying runtime's dump (14 KB and more for a stack
// overflow), which crashGuard keeps from the cell's output.
var runtimeFatal = regexp.MustCompile(`(?m)^(runtime: goroutine stack exceeds|runtime: out of memory|fatal error: )`)

// reportStarts are the lines that start a fatal runtime report.
var reportStarts = []string{"runtime: goroutine stack exceeds", "runtime: out of memory", "fatal error: "}

// crashGuard passes a cell's output through, until the worker's stderr
// starts a fatal runtime report; the rest of stderr is kept for
// [Session.fatalError] instead of shown. A partial last line that may start
// a report is held back until the next write or flush decides.
type crashGuard struct {
	out contract.Sink
	mu  sync.Mutex
	// mu guards held and report.
	held   []byte // a partial stderr line not passed on yet
	report []byte // the runtime's report; nil while none started
}

func newCrashGuard(out contract.Sink) *crashGuard { return &crashGuard{out: out} }

func (g *crashGuard) Stream(name string, p []byte) {
	if name != "stderr" {
		g.out.Stream(name, p)
		return
	}
	g.mu.Lock()
	if g.report != nil {
		g.report = append(g.report, p...)
		g.mu.Unlock()
		return
	}
	buf := append(g.held, p...)
	g.held = nil
	emit := buf
	if loc := runtimeFatal.FindIndex(buf); loc != nil {
		g.report = bytes.Clone(buf[loc[0]:])
		emit = buf[:loc[0]]
	} else if start := bytes.LastIndexByte(buf, '\n') + 1; mayStartReport(buf[start:]) {
		g.held = bytes.Clone(buf[start:])
		emit = buf[:start]
	}
	g.mu.Unlock()
	if len(emit) > 0 {
		g.out.Stream(name, bytes.Clone(emit))
	}
}

// flush passes on a held partial line, and the report too when the worker
// survived it (it was the cell's own text); call it once the cell returned.
func (g *crashGuard) flush(survived bool) {
	g.mu.Lock()
	rest := g.held
	if survived {
		rest = append(rest, g.report...)
		g.report = nil
	}
	g.held = nil
	g.mu.Unlock()
	if len(rest) > 0 {
		g.out.Stream("stderr", rest)
	}
}

// mayStartReport reports whether the partial line tail could grow into the
// first line of a fatal report.
func mayStartReport(tail []byte) bool {
	for _, m := range reportStarts {
		if len(tail) > 0 && strings.HasPrefix(m, string(tail)) {
			return true
		}
	}
	return false
}

func (g *crashGuard) Display(d contract.Display) { g.out.Display(d) }

func (g *crashGuard) ClearOutput(wait bool) { g.out.ClearOutput(wait) }

func (g *crashGuard) ReadInput(ctx context.Context, prompt string, password bool) (string, error) {
	return g.out.ReadInput(ctx, prompt, password)
}

// frameSuffix is what the runtime adds to a frame's file line in a fatal
// report: " fp=0x… sp=0x… pc=0x…".
var frameSuffix = regexp.MustCompile(`(?m) fp=0x[0-9a-f]+ sp=0x[0-9a-f]+ pc=0x[0-9a-f]+$`)

// fatalError ends a cell's run through g, whose error was runErr. When the
// worker died of a fatal runtime error that g kept, it restarts the worker
// and returns the cell's error; otherwise nil. A stack overflow reads
// "stack overflow in f (cell[N] line L)" with the first frames of the
// overflowing goroutine mapped to cell lines.
func (s *Session) fatalError(w *worker, g *crashGuard, runErr error) *contract.Error {
	g.flush(runErr == nil)
	g.mu.Lock()
	report := string(g.report)
	g.mu.Unlock()
	if report == "" {
		return nil
	}
	_, goroutine, ok := strings.Cut(report, "\ngoroutine ")
	if ok {
		// Skip the "N gp=… [running]:" line; keep the first frames.
		if _, rest, found := strings.Cut(goroutine, "\n"); found {
			lines := strings.SplitN(frameSuffix.ReplaceAllString(rest, ""), "\n", 2*overflowFrames+1)
			goroutine = strings.Join(lines[:min(len(lines), 2*overflowFrames)], "\n")
		}
	}
	frames := panicError("", goroutine, false).Traceback[2:]
	name, why := "FatalError", "the Go runtime stopped the worker: "+firstLine(report[strings.Index(report, "fatal error: "):])
	if strings.Contains(report, "fatal error: out of memory") {
		name, why = outOfMemory, s.mem.oomWhy(firstLine(report))
	}
	if strings.HasPrefix(report, "runtime: goroutine stack exceeds") {
		name, why = "StackOverflow", "stack overflow"
		if len(frames) >= 2 {
			// The top frame stopped at its function's entry; in a
			// recursion, the next frame of the same function is the call.
			at := frames[1]
			if len(frames) >= 4 && funcName(frames[2]) == funcName(frames[0]) {
				at = frames[3]
			}
			why += fmt.Sprintf(" in %s (%s)", funcName(frames[0]), cellLine(at))
		}
		why += ": the recursion did not end within the worker's " + workerMaxStack + " stack"
	}
	e := s.restart(w, name, why)
	e.Traceback = append(e.Traceback, frames...)
	return e
}

// firstLine returns s up to its first newline.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// funcName returns the function of a traceback frame line "f(0x1?)".
func funcName(frame string) string {
	name, _, _ := strings.Cut(frame, "(")
	return name
}

// cellLine returns "cell[N] line L" for a traceback file line
// "\t\x1b[31mcell[N]:L\x1b[0m".
func cellLine(file string) string {
	file = strings.TrimSpace(ansiEscape.ReplaceAllString(file, ""))
	if i := strings.LastIndexByte(file, ':'); i >= 0 {
		return file[:i] + " line " + file[i+1:]
	}
	return file
}
