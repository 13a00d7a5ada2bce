package model

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
)

var _ Callback = (*EpochLogger)(nil)

// EpochLogger prints one line per epoch (or every Every epochs, and always
// the last), like Keras's verbose training log:
//
//	epoch  10/100  loss 0.3012  accuracy 0.8800  val_loss 0.3310  val_accuracy 0.8600
//
// Metrics appear sorted by name. The line holds no timings, so a notebook
// that trains from fixed seeds prints the same text on every run.
type EpochLogger struct {
	// W receives the lines.
	W io.Writer
	// Every prints every Every-th epoch; 0 or 1 prints all. Default: 1
	// (set by NewEpochLogger).
	Every int
}

// NewEpochLogger returns a logger that prints every epoch to w.
func NewEpochLogger(w io.Writer) *EpochLogger { return &EpochLogger{W: w, Every: 1} }

// OnEvent prints at EpochEnd and returns the writer's error, if any.
func (l *EpochLogger) OnEvent(e Event, p *Progress) error {
	if e != EpochEnd {
		return nil
	}
	last := p.Epoch == p.Epochs || p.Stop || p.Iterations > 0 && p.Iteration >= p.Iterations
	if l.Every > 1 && p.Epoch%l.Every != 0 && !last {
		return nil
	}
	var b strings.Builder
	if p.Epochs > 0 {
		w := len(fmt.Sprint(p.Epochs))
		fmt.Fprintf(&b, "epoch %*d/%d", w, p.Epoch, p.Epochs)
	} else {
		fmt.Fprintf(&b, "epoch %d", p.Epoch)
	}
	fmt.Fprintf(&b, "  loss %.4f", p.Loss)
	writeMetrics(&b, "", p.Metrics)
	if !math.IsNaN(p.ValLoss) {
		fmt.Fprintf(&b, "  val_loss %.4f", p.ValLoss)
		writeMetrics(&b, "val_", p.ValMetrics)
	}
	b.WriteByte('\n')
	_, err := io.WriteString(l.W, b.String())
	return err
}

func writeMetrics(b *strings.Builder, prefix string, m map[string]float64) {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(b, "  %s%s %.4f", prefix, name, m[name])
	}
}

// String returns e.g. "EpochLogger(every 10)".
func (l *EpochLogger) String() string { return fmt.Sprintf("EpochLogger(every %d)", max(l.Every, 1)) }
