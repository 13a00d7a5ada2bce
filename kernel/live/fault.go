package live

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/nnbook/nnbook/kernel/contract"
)

// lateKeep is how much of the output written while no cell runs the
// worker keeps, and lateLines how many lines of a crash it shows.
const (
	lateKeep  = 64 << 10
	lateLines = 40
)

// lateOutput is the output of the worker while no cell runs: a goroutine an
// earlier cell left behind, and the runtime's last words when such a
// goroutine panics. It keeps the last lateKeep bytes of stderr, so that the
// next cell can say why the worker died. It is a contract.Sink whose zero
// value is ready to use.
type lateOutput struct {
	mu sync.Mutex
	// mu guards stderr.
	stderr []byte
}

// Display, ClearOutput and ReadInput have no cell to reach.
func (l *lateOutput) Display(contract.Display) {}
func (l *lateOutput) ClearOutput(bool)         {}
func (l *lateOutput) ReadInput(ctx context.Context, prompt string, password bool) (string, error) {
	return contract.Discard.ReadInput(ctx, prompt, password)
}

func (l *lateOutput) Stream(name string, p []byte) {
	if name != "stderr" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stderr = append(l.stderr, p...)
	if n := len(l.stderr); n > lateKeep {
		l.stderr = append(l.stderr[:0], l.stderr[n-lateKeep:]...)
	}
}

// crash returns the runtime's report of the crash in the late output, from
// its "panic: " or "fatal error: " line, at most lateLines lines; "" when
// there is none.
func (l *lateOutput) crash() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.stderr
	i := -1
	for _, m := range []string{"panic: ", "fatal error: "} {
		if j := bytes.Index(b, []byte(m)); j >= 0 && (j == 0 || b[j-1] == '\n') && (i < 0 || j < i) {
			i = j
		}
	}
	if i < 0 {
		return ""
	}
	lines := strings.SplitAfter(string(b[i:]), "\n")
	if len(lines) > lateLines {
		lines = append(lines[:lateLines], fmt.Sprintf("… (%d more lines)\n", len(lines)-lateLines))
	}
	return strings.Join(lines, "")
}

// reviveIdle replaces a worker that died while no cell ran, before the
// next cell runs on it: a goroutine of an earlier cell panicked, or the
// system killed it (the out-of-memory killer). It tells out what happened,
// shows the crash report when there is one, and says what was lost and
// that %rerun rebuilds it (leaving out the cell whose goroutine crashed
// the worker); the cell then runs on the fresh worker instead of failing.
func (s *Session) reviveIdle(out contract.Sink) {
	s.mu.Lock()
	w := s.w
	s.mu.Unlock()
	if w == nil {
		return
	}
	select {
	case <-w.exited:
	default:
		return
	}
	var msg strings.Builder
	msg.WriteString(contract.Highlight(fmt.Sprintf("The worker died after the previous cell (%v)", w.exitErr)))
	crash := w.late.crash()
	switch {
	case crash != "":
		msg.WriteString(": a goroutine that cell left running crashed it:\n" + crash)
	case strings.Contains(fmt.Sprint(w.exitErr), "killed"):
		msg.WriteString(": it was killed from outside, often by the out-of-memory killer.\n")
	default:
		msg.WriteString(".\n")
	}
	msg.WriteString("The worker was restarted: the session's variables and definitions were lost; this cell runs on the new worker.\n")
	culprit := 0
	if crash != "" {
		culprit = s.forgetCrashed()
	}
	if hint := s.rerunHint(); hint != "" {
		msg.WriteString(hint)
		if culprit != 0 {
			msg.WriteString(" (not " + cellFile(culprit) + ", whose goroutine crashed the worker)")
		}
		msg.WriteString(".\n")
	}
	out.Stream("stderr", []byte(msg.String()))
	s.log.Warn("worker died between cells; restarted", "exit", w.exitErr, "crashed", crash != "")
	if err := s.reset(w); err != nil {
		out.Stream("stderr", []byte("restarting the worker failed: "+err.Error()+"\n"))
	}
}
