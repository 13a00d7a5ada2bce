package tune

import (
	"fmt"
	"html"
	"math"
	"strings"
	"text/tabwriter"
	"time"
)

// Trial is one evaluation of the objective.
type Trial struct {
	// Index is the trial's position in the search, from 0.
	Index int
	// Params are the hyperparameters tried.
	Params Params
	// Score is the objective's value; NaN when the trial failed.
	Score float64
	// Duration is the objective's running time.
	Duration time.Duration
	// Err is why the trial failed (the objective's error, a NaN or ±Inf
	// score, or a panic), nil when it succeeded.
	Err error
}

// OK reports whether the trial succeeded.
func (t Trial) OK() bool { return t.Err == nil }

// Result is the outcome of a search: every trial in the order the searcher
// proposed them.
type Result struct {
	// Direction says whether lower or higher scores are better.
	Direction Direction
	// Names are the hyperparameter names, in the order of the space.
	Names []string
	// Trials are the trials run, in order.
	Trials []Trial
	// ReachedTarget reports that the search ended early because a trial
	// reached Options.Target.
	ReachedTarget bool
}

// Best returns the trial with the best score, the earliest on a tie, and
// false when no trial succeeded.
func (r *Result) Best() (Trial, bool) {
	best := -1
	for i, t := range r.Trials {
		if t.OK() && (best < 0 || r.Direction.better(t.Score, r.Trials[best].Score)) {
			best = i
		}
	}
	if best < 0 {
		return Trial{Index: -1, Score: math.NaN()}, false
	}
	return r.Trials[best], true
}

// Scores returns each trial's score in order, NaN for failed trials: the
// y values of a score-by-trial plot.
func (r *Result) Scores() []float64 {
	s := make([]float64, len(r.Trials))
	for i, t := range r.Trials {
		s[i] = t.Score
	}
	return s
}

// BestSoFar returns, for each trial, the best score among it and the trials
// before it (NaN until one succeeds): the usual convergence curve.
func (r *Result) BestSoFar() []float64 {
	s := make([]float64, len(r.Trials))
	best := math.NaN()
	for i, t := range r.Trials {
		if t.OK() && (math.IsNaN(best) || r.Direction.better(t.Score, best)) {
			best = t.Score
		}
		s[i] = best
	}
	return s
}

// Failed returns the number of failed trials.
func (r *Result) Failed() int {
	n := 0
	for _, t := range r.Trials {
		if !t.OK() {
			n++
		}
	}
	return n
}

// Evaluations returns the number of trials until the first whose score is
// at least as good as target (1 when it is the first trial), and false when
// no trial reaches it.
func (r *Result) Evaluations(target float64) (int, bool) {
	for i, t := range r.Trials {
		if t.OK() && !r.Direction.better(target, t.Score) {
			return i + 1, true
		}
	}
	return len(r.Trials), false
}

// row returns the cells of one table row: index (with a * for the best
// trial), parameters, score, duration and error.
func (r *Result) row(t Trial, best int) []string {
	index := fmt.Sprint(t.Index)
	if t.Index == best {
		index += "*"
	}
	cells := []string{index}
	for _, n := range r.Names {
		cells = append(cells, formatValue(t.Params[n]))
	}
	score, errText := fmt.Sprintf("%.6g", t.Score), ""
	if !t.OK() {
		score = "-"
		errText, _, _ = strings.Cut(t.Err.Error(), "\n")
	}
	return append(cells, score, formatDuration(t.Duration), errText)
}

// header returns the column titles matching row.
func (r *Result) header() []string {
	h := append([]string{"trial"}, r.Names...)
	return append(h, "score", "time", "error")
}

// String prints the trials as a text table, the best one's index marked
// with *, followed by a summary line. Errors show their first line.
func (r *Result) String() string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	bt, ok := r.Best()
	fmt.Fprintln(w, strings.Join(r.header(), "\t"))
	for _, t := range r.Trials {
		fmt.Fprintln(w, strings.Join(r.row(t, bt.Index), "\t"))
	}
	w.Flush()
	// Drop the padding after an empty error cell.
	lines := strings.Split(b.String(), "\n")
	b.Reset()
	for _, l := range lines[:len(lines)-1] {
		b.WriteString(strings.TrimRight(l, " ") + "\n")
	}
	fmt.Fprintf(&b, "%d trials, %d failed", len(r.Trials), r.Failed())
	if ok {
		fmt.Fprintf(&b, "; best (%v) %.6g at trial %d: %v", r.Direction, bt.Score, bt.Index, bt.Params)
	}
	return b.String()
}

// HTML returns the trials as an HTML table, the best row in bold, for a
// notebook to display.
func (r *Result) HTML() string {
	var b strings.Builder
	bt, _ := r.Best()
	b.WriteString("<table>\n<thead><tr>")
	for _, c := range r.header() {
		fmt.Fprintf(&b, "<th>%s</th>", html.EscapeString(c))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, t := range r.Trials {
		cells := r.row(t, bt.Index)
		if t.Index == bt.Index {
			b.WriteString(`<tr style="font-weight:bold">`)
		} else {
			b.WriteString("<tr>")
		}
		for _, c := range cells {
			fmt.Fprintf(&b, "<td>%s</td>", html.EscapeString(c))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>")
	return b.String()
}

// formatDuration rounds d to about three significant digits.
func formatDuration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}
