package nnplot

import (
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// plan is what a training run intends to do, as far as it is known.
type plan struct {
	epochs, steps, iterations int // 0 when unknown
}

// total returns the planned number of steps, 0 when unknown.
func (p plan) total() int {
	t := p.epochs * p.steps
	if p.iterations > 0 && (t == 0 || p.iterations < t) {
		t = p.iterations
	}
	return t
}

// Progress is a live training display: a progress bar with the epoch, the
// step, the loss, the speed and the estimated time left, and a small loss
// curve. In a notebook it redraws one output in place (a transient
// display_id) at most once per Interval and, when training is done, leaves
// the final bar and a static loss-curve image, which stay in the saved
// notebook. Elsewhere it writes a one-line text bar, redrawn with a carriage
// return, to Writer.
//
// A training loop calls Start once, Update after every step, EndEpoch after
// every epoch and Done at the end. Progress is not safe for concurrent use.
type Progress struct {
	// Title heads the display and the final figure. Default: "学習 (training)"
	// (set by NewProgress).
	Title string
	// Interval is the least time between two redraws; Start and Done
	// always draw. Default: 250 ms (set by NewProgress).
	Interval time.Duration
	// CurveInterval is the least time between two renderings of the live
	// loss curve, which costs about 10 ms; redraws in between show the last
	// one. Default: 1 s (set by NewProgress).
	CurveInterval time.Duration
	// Clock returns the current time. Default: time.Now (set by
	// NewProgress); tests set a fake clock.
	Clock func() time.Time
	// Notebook chooses the notebook display; false writes the text bar.
	// Default: gonbui.IsNotebook, true when a GoNB-protocol kernel such as
	// nnbook runs the code (set by NewProgress).
	Notebook bool
	// Writer receives the text bar. Default: os.Stderr (set by NewProgress).
	Writer io.Writer

	epochMetrics
	plan      plan
	start     time.Time
	lastDraw  time.Time
	lastWidth int    // runes in the last text line
	curve     []byte // the live curve as PNG, rendered at curveTime
	curveTime time.Time
	id        string // display_id of the notebook output
	epoch     int    // last epoch seen
	step      int    // last step seen within the epoch
	done      int    // steps seen since Start
	loss      float64
	valLoss   float64
	steps     binned    // per-step losses, for the curve
	epochLoss []float64 // mean training loss of each finished epoch
	epochVal  []float64 // validation loss of each finished epoch (NaN without)
	finished  bool
	stopped   string // why the run ended early, for the final line; "" when done
}

// NewProgress returns a display with the defaults described on each field.
func NewProgress() *Progress {
	return &Progress{
		Title:         "学習 (training)",
		Interval:      250 * time.Millisecond,
		CurveInterval: time.Second,
		Clock:         time.Now,
		Notebook:      gonbui.IsNotebook,
		Writer:        os.Stderr,
	}
}

// Start begins a run of the given number of epochs of steps steps each,
// capped at iterations steps in total when iterations is positive; 0 means
// unknown for each. It resets the display, keeps the plan for the
// percentage and the time left, and draws the empty bar. The arguments are
// plain numbers so that a training loop's own adapter interface can name
// this method without importing nnplot.
func (p *Progress) Start(epochs, steps, iterations int) {
	p.plan = plan{epochs: epochs, steps: steps, iterations: iterations}
	p.start = p.Clock()
	p.id = ""
	p.epoch, p.step, p.done = 0, 0, 0
	p.loss, p.valLoss = math.NaN(), math.NaN()
	p.steps = binned{}
	p.epochLoss, p.epochVal = nil, nil
	p.epochMetrics = epochMetrics{}
	p.finished = false
	p.curve, p.curveTime = nil, time.Time{}
	p.draw(false)
}

// Update records the loss of a step (epoch and step counted from 1, the step
// within its epoch) and redraws if Interval has passed since the last draw.
func (p *Progress) Update(epoch, step int, loss float64) {
	p.started()
	p.epoch, p.step = epoch, step
	p.done++
	p.loss = loss
	p.steps.add(loss)
	p.maybeDraw()
}

// EndEpoch records the mean training loss and the validation loss (NaN
// without validation data) of a finished epoch, and redraws if Interval has
// passed.
func (p *Progress) EndEpoch(epoch int, loss, valLoss float64) {
	p.started()
	p.epoch = epoch
	p.loss, p.valLoss = loss, valLoss
	p.epochLoss = append(p.epochLoss, loss)
	p.epochVal = append(p.epochVal, valLoss)
	p.maybeDraw()
}

// Done draws the final state: in a notebook the final bar in place of the
// live one and the loss curve as a static image; in a terminal the final
// line and a newline. Calling it again does nothing.
func (p *Progress) Done() {
	if p.finished {
		return
	}
	p.started()
	p.finished = true
	p.draw(true)
}

// started starts a run of unknown length if Start was not called.
func (p *Progress) started() {
	if p.start.IsZero() {
		p.Start(0, 0, 0)
	}
}

func (p *Progress) maybeDraw() {
	if p.Clock().Sub(p.lastDraw) < p.Interval {
		return
	}
	p.draw(false)
}

// draw shows the current state; final is the last draw of the run. In a
// notebook, the first and the last draw return once the kernel has them
// (gonbui.Sync), so that the cell's text printed before and after the run
// stays on its side of the display.
func (p *Progress) draw(final bool) {
	p.lastDraw = p.Clock()
	line := p.line(final)
	if !p.Notebook {
		// Blank out the rest of a longer previous line.
		n := utf8.RuneCountInString(line)
		pad := strings.Repeat(" ", max(0, p.lastWidth-n))
		p.lastWidth = n
		end := ""
		if final {
			end, p.lastWidth = "\n", 0
		}
		fmt.Fprintf(p.Writer, "\r%s%s%s", line, pad, end)
		return
	}
	first := p.id == ""
	if first {
		p.id = "nnplot-progress-" + gonbui.UniqueId()
	}
	var curve []byte
	if !final {
		curve = p.liveCurve()
	}
	gonbui.SendData(&protocol.DisplayData{
		Data: map[protocol.MIMEType]any{
			protocol.MIMETextHTML:  p.html(line, curve),
			protocol.MIMETextPlain: line,
		},
		DisplayID: p.id,
	})
	if final {
		// The static figure that stays in the saved notebook; the final
		// bar above still reports the run if it fails to render.
		if b, err := PNG(p.Figure()); err == nil {
			gonbui.SendData(&protocol.DisplayData{
				Data: map[protocol.MIMEType]any{
					protocol.MIMEImagePNG:  b,
					protocol.MIMETextPlain: line,
				},
			})
		}
	}
	if first || final {
		// What the cell prints after Start, or after the run, shows after
		// the display.
		gonbui.Sync()
	}
}

// liveCurve returns the small loss curve as PNG, rendered again when
// CurveInterval has passed; nil before two steps. The display goes on
// without the curve if it fails to render.
func (p *Progress) liveCurve() []byte {
	if p.steps.n < 2 {
		return nil
	}
	if now := p.Clock(); p.curve == nil || now.Sub(p.curveTime) >= p.CurveInterval {
		b, err := (Renderer{Width: 4.8 * vg.Inch, Height: 1.9 * vg.Inch, DPI: 96}).PNG(p.smallCurve())
		if err == nil {
			p.curve, p.curveTime = b, now
		}
	}
	return p.curve
}

// fraction returns the share of the planned steps done, or -1 when the plan
// is unknown.
func (p *Progress) fraction() float64 {
	if t := p.plan.total(); t > 0 {
		return math.Min(1, float64(p.before+p.done)/float64(t))
	}
	return -1
}

// barWidth is the number of cells of the text bar.
const barWidth = 20

// line is the one-line state, e.g.
//
//	epoch 3/10 [██████░░░░░░░░░░░░░░]  25%  step 120/500  loss 0.1234  val 0.2345  812.0 steps/s  ETA 0:12
func (p *Progress) line(final bool) string {
	var b strings.Builder
	b.WriteString("epoch ")
	b.WriteString(count(p.epoch, p.plan.epochs))
	if f := p.fraction(); f >= 0 {
		full := int(f*barWidth + 0.5)
		fmt.Fprintf(&b, " [%s%s] %3.0f%%", strings.Repeat("█", full), strings.Repeat("░", barWidth-full), 100*f)
	}
	fmt.Fprintf(&b, "  step %s", count(p.step, p.plan.steps))
	if !math.IsNaN(p.loss) {
		fmt.Fprintf(&b, "  loss %.4g", p.loss)
	}
	if !math.IsNaN(p.valLoss) {
		fmt.Fprintf(&b, "  val %.4g", p.valLoss)
	}
	p.writeMetrics(&b)
	elapsed := p.Clock().Sub(p.start)
	if elapsed > 0 && p.done > 0 {
		fmt.Fprintf(&b, "  %.1f steps/s", float64(p.done)/elapsed.Seconds())
	}
	switch t := p.plan.total(); {
	case final && p.stopped != "":
		fmt.Fprintf(&b, "  %s after %s", p.stopped, clock(elapsed))
	case final:
		fmt.Fprintf(&b, "  done in %s", clock(elapsed))
	case t > 0 && p.done > 0 && elapsed > 0:
		left := time.Duration(float64(elapsed) * float64(t-p.before-p.done) / float64(p.done))
		fmt.Fprintf(&b, "  ETA %s", clock(left))
	}
	return b.String()
}

// count writes "i/n", or "i" when n is unknown.
func count(i, n int) string {
	if n > 0 {
		return fmt.Sprintf("%d/%d", i, n)
	}
	return fmt.Sprint(i)
}

// clock writes a duration as m:ss, or h:mm:ss from an hour on.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// html is the notebook form of the display: title, bar, line and curve.
func (p *Progress) html(line string, curve []byte) string {
	var b strings.Builder
	b.WriteString(`<div style="font-family: sans-serif; font-size: 13px; line-height: 1.5">`)
	fmt.Fprintf(&b, `<b>%s</b><br>`, html.EscapeString(p.Title))
	if f := p.fraction(); f >= 0 {
		fmt.Fprintf(&b, `<div style="width: 460px; height: 10px; background: #e8e8e8; border-radius: 5px">`+
			`<div style="width: %.1f%%; height: 10px; background: #1f77b4; border-radius: 5px"></div></div>`, 100*f)
	}
	fmt.Fprintf(&b, `<span style="font-family: monospace; white-space: pre">%s</span>`, html.EscapeString(line))
	if curve != nil {
		fmt.Fprintf(&b, `<br><img width="461" src="data:image/png;base64,%s">`, base64.StdEncoding.EncodeToString(curve))
	}
	b.WriteString(`</div>`)
	return b.String()
}

// smallCurve is the live loss curve: Figure without its title.
func (p *Progress) smallCurve() *plot.Plot {
	c := p.curves()
	c.Title = ""
	return c.Plot()
}

// Figure returns the loss curves recorded so far: the mean training loss
// and the validation loss per epoch once two epochs have finished, the step
// losses (averaged in bins of consecutive steps) before; on a log scale when
// the losses span more than two decades. Done shows it.
func (p *Progress) Figure() Figure { return p.curves().Plot() }

func (p *Progress) curves() *Curves {
	c := &Curves{Title: p.Title, Log: p.logScale()}
	if len(p.epochLoss) >= 2 {
		c.Series = trainVal(p.epochLoss, p.epochVal)
		return c
	}
	xs, ys := p.steps.points()
	if p.plan.steps > 0 {
		for i := range xs {
			xs[i] /= float64(p.plan.steps)
		}
	} else {
		c.XLabel = "step"
	}
	c.Series = []Series{{Name: "train (steps)", X: xs, Y: ys}}
	return c
}

// logScale reports whether the losses span more than two decades, where a
// log scale shows the later progress better.
func (p *Progress) logScale() bool {
	lo, hi, ok := positiveRange(p.steps.means)
	return ok && hi/lo > 100
}

// maxBins is the most points binned keeps.
const maxBins = 256

// binned keeps a sequence of values as the means of at most maxBins bins of
// equal size, doubling the bin size when they fill up: the curve of a
// million steps then costs 256 numbers.
type binned struct {
	means []float64 // means of the full bins
	size  int       // values per bin (1 until the first merge)
	sum   float64   // sum of the current, partial bin
	k     int       // values in the partial bin
	n     int       // values added
}

func (b *binned) add(v float64) {
	if b.size == 0 {
		b.size = 1
	}
	b.n++
	b.sum += v
	b.k++
	if b.k < b.size {
		return
	}
	b.means = append(b.means, b.sum/float64(b.k))
	b.sum, b.k = 0, 0
	if len(b.means) == maxBins {
		for i := range maxBins / 2 {
			b.means[i] = (b.means[2*i] + b.means[2*i+1]) / 2
		}
		b.means = b.means[:maxBins/2]
		b.size *= 2
	}
}

// points returns the bins' centres, counting values from 1 (a bin of the
// first 4 values is centred at 2.5), and their means, the partial bin
// included.
func (b *binned) points() (xs, ys []float64) {
	for i, m := range b.means {
		xs = append(xs, float64(i*b.size)+float64(b.size+1)/2)
		ys = append(ys, m)
	}
	if b.k > 0 {
		xs = append(xs, float64(len(b.means)*b.size)+float64(b.k+1)/2)
		ys = append(ys, b.sum/float64(b.k))
	}
	return xs, ys
}
