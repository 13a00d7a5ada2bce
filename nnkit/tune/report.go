package tune

import (
	"fmt"
	"io"
	"math"
	"sync"
)

// monitor follows a search while it runs: it writes a line per finished
// trial to Options.Progress and notices when a trial reaches
// Options.Target.
type monitor struct {
	w      io.Writer // nil: no lines
	total  int       // planned trials, 0 when unknown
	dir    Direction
	target *float64

	mu      sync.Mutex // mu guards the fields below
	done    int
	best    Trial
	hasBest bool
	reached bool
}

func newMonitor(o Options, total int) *monitor {
	return &monitor{w: o.Progress, total: total, dir: o.Direction, target: o.Target}
}

// record notes a finished trial, writes its line, e.g.
//
//	[3/20] trial 2  score 0.4132  best 0.2871 (trial 0)  hidden=8 lr=0.0316
//
// and reports whether the target has been reached.
func (m *monitor) record(t Trial) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done++
	if t.OK() && (!m.hasBest || m.dir.better(t.Score, m.best.Score)) {
		m.best, m.hasBest = t, true
	}
	if t.OK() && m.target != nil && !m.dir.better(*m.target, t.Score) {
		m.reached = true
	}
	if m.w == nil {
		return
	}
	count := fmt.Sprint(m.done)
	if m.total > 0 {
		count += fmt.Sprintf("/%d", m.total)
	}
	score := fmt.Sprintf("%.4g", t.Score)
	if !t.OK() {
		score = "failed"
	}
	best := "-"
	if m.hasBest {
		best = fmt.Sprintf("%.4g (trial %d)", m.best.Score, m.best.Index)
	}
	line := fmt.Sprintf("[%s] trial %d  score %s  best %s  %v", count, t.Index, score, best, t.Params)
	if m.reached && t.OK() && t.Index == m.best.Index && m.target != nil {
		line += fmt.Sprintf("  reached target %.4g", *m.target)
	}
	fmt.Fprintln(m.w, line)
}

// stop reports whether a trial has reached the target.
func (m *monitor) stop() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.reached
}

// validTarget reports a NaN or infinite target.
func validTarget(t *float64) error {
	if t != nil && (math.IsNaN(*t) || math.IsInf(*t, 0)) {
		return fmt.Errorf("nnkit/tune: Target is %v; give a finite score or leave it nil", *t)
	}
	return nil
}
