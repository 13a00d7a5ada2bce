package nnplot_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/nnbook/nnbook/nnkit/nnplot"
)

// fakeBar returns a text-mode Progress whose clock advances 100 ms per
// read, drawing only at Start, Resume and Done, and its output.
func fakeBar() (*nnplot.Progress, *strings.Builder) {
	var out strings.Builder
	now := time.Unix(0, 0)
	bar := nnplot.NewProgress()
	bar.Notebook, bar.Writer, bar.Interval = false, &out, time.Hour
	bar.Clock = func() time.Time { now = now.Add(100 * time.Millisecond); return now }
	return bar, &out
}

// printLines prints the lines drawn, one per redraw.
func printLines(out string) {
	for _, line := range strings.Split(out, "\r")[1:] {
		fmt.Println(strings.TrimSpace(line))
	}
}

// The bar shows the metrics of the last finished epoch, training and
// validation; model.Live passes them when FitConfig.Metrics is set.
func ExampleProgress_EndEpochMetrics() {
	bar, out := fakeBar()
	bar.Start(1, 2, 0)
	bar.Update(1, 1, 0.52)
	bar.Update(1, 2, 0.41)
	bar.EndEpochMetrics(1, 0.465, 0.43, map[string]float64{"accuracy": 0.8125}, map[string]float64{"accuracy": 0.84375})
	bar.Done()
	printLines(out.String())
	// Output:
	// epoch 0/1 [░░░░░░░░░░░░░░░░░░░░]   0%  step 0/2
	// epoch 1/1 [████████████████████] 100%  step 2/2  loss 0.465  val 0.43  accuracy 0.8125  val_accuracy 0.8438  2.9 steps/s  done in 0:01
}

// A run that continues an earlier one (model.FitConfig.History) starts its
// bar where the earlier one stopped: here after 2 of 4 epochs.
func ExampleProgress_Resume() {
	bar, out := fakeBar()
	bar.Start(4, 5, 0)
	bar.Resume(10)
	printLines(out.String())
	// Output:
	// epoch 0/4 [░░░░░░░░░░░░░░░░░░░░]   0%  step 0/5
	// epoch 2/4 [██████████░░░░░░░░░░]  50%  step 0/5
}
