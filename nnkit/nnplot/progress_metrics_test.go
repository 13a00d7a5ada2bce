package nnplot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/nnkit/nnplot"
)

// textProgress returns a text-mode Progress on a fake clock that advances
// 100 ms per call, and its output.
func textProgress() (*nnplot.Progress, *strings.Builder) {
	var out strings.Builder
	now := time.Unix(0, 0)
	p := nnplot.NewProgress()
	p.Notebook, p.Writer, p.Interval = false, &out, 0
	p.Clock = func() time.Time { now = now.Add(100 * time.Millisecond); return now }
	return p, &out
}

// lastLine returns the last line drawn, without its padding.
func lastLine(out string) string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\r")
	return strings.TrimRight(lines[len(lines)-1], " ")
}

func TestProgressMetrics(t *testing.T) {
	p, out := textProgress()
	p.Start(2, 2, 0)
	p.Update(1, 1, 0.9)
	p.Update(1, 2, 0.7)
	p.EndEpochMetrics(1, 0.8, 0.85, map[string]float64{"accuracy": 0.93124, "f1": 0.5}, map[string]float64{"accuracy": 0.91875})
	line := lastLine(out.String())
	if want := "loss 0.8  val 0.85  accuracy 0.9312  f1 0.5  val_accuracy 0.9187"; !strings.Contains(line, want) {
		t.Errorf("line %q does not hold %q", line, want)
	}
	// The next epoch's steps keep showing the last epoch's metrics.
	p.Update(2, 1, 0.6)
	if line := lastLine(out.String()); !strings.Contains(line, "accuracy 0.9312") {
		t.Errorf("line %q lost the metrics", line)
	}
	p.Start(1, 1, 0)
	p.Update(1, 1, 0.5)
	if line := lastLine(out.String()); strings.Contains(line, "accuracy") {
		t.Errorf("line %q of a new run shows the old metrics", line)
	}
}

// TestProgressResume: a run continued after 20 of 40 planned steps starts
// its bar at 50 %, and its time left counts only its own speed.
func TestProgressResume(t *testing.T) {
	p, out := textProgress()
	p.Start(4, 10, 0)
	p.Resume(20)
	if line := lastLine(out.String()); !strings.Contains(line, " 50%") {
		t.Errorf("after Resume(20) of 40: %q", line)
	}
	for s := 1; s <= 10; s++ {
		p.Update(3, s, 1)
	}
	// 10 steps of this run at r steps/s, 10 left: ETA = 10/r, not the
	// 30/r that counting the resumed steps as left would give.
	line := lastLine(out.String())
	var rate float64
	var eta string
	if _, err := fmt.Sscanf(line[strings.Index(line, "loss 1  ")+len("loss 1  "):], "%f steps/s  ETA %s", &rate, &eta); err != nil {
		t.Fatalf("line %q: %v", line, err)
	}
	secs := int(10/rate + 0.5)
	if !strings.Contains(line, " 75%") || !strings.Contains(line, "epoch 3/4") || eta != fmt.Sprintf("%d:%02d", secs/60, secs%60) {
		t.Errorf("after 10 more steps: %q, want 75%%, epoch 3/4 and ETA %ds", line, secs)
	}
}
