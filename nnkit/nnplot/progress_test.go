package nnplot_test

import (
	"fmt"
	"io"
	"log"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/nnkit/nnplot"
)

// TestProgressRateLimit counts the redraws of the text bar: with a step
// every 10 ms for 2 s and an Interval of 250 ms, the bar is drawn at Start,
// then at the first step at least 250 ms after the previous draw (250, 500,
// …, 2000 ms: 8 times), then once by Done.
func TestProgressRateLimit(t *testing.T) {
	for _, tc := range []struct {
		interval time.Duration
		want     int
	}{
		{250 * time.Millisecond, 1 + 8 + 1},
		{time.Second, 1 + 2 + 1},
		{0, 1 + 200 + 1}, // every step
		{time.Hour, 1 + 0 + 1},
	} {
		t.Run(tc.interval.String(), func(t *testing.T) {
			var out strings.Builder
			now := time.Unix(0, 0)
			p := nnplot.NewProgress()
			p.Notebook, p.Writer, p.Interval = false, &out, tc.interval
			p.Clock = func() time.Time { return now }
			p.Start(1, 200, 0)
			for step := 1; step <= 200; step++ {
				now = now.Add(10 * time.Millisecond)
				p.Update(1, step, 1)
			}
			p.Done()
			if got := strings.Count(out.String(), "\r"); got != tc.want {
				t.Errorf("%d draws, want %d", got, tc.want)
			}
			if !strings.HasSuffix(out.String(), "\n") {
				t.Errorf("output %q does not end the line", out.String())
			}
		})
	}
}

func TestProgressLine(t *testing.T) {
	for _, tc := range []struct {
		name                      string
		epochs, steps, iterations int
		want                      string
	}{
		// 12 steps in 1.2 s: 10 steps/s. Of 40 planned, 30% (6 of 20
		// cells) with 28 left: 2.8 s.
		{"epochs and steps", 4, 10, 0,
			"epoch 2/4 [██████░░░░░░░░░░░░░░]  30%  step 2/10  loss 0.5  val 0.75  10.0 steps/s  ETA 0:03"},
		// Of 22 planned, 54.5% (11 cells) with 10 left: 1 s.
		{"iterations cap", 4, 10, 22,
			"epoch 2/4 [███████████░░░░░░░░░]  55%  step 2/10  loss 0.5  val 0.75  10.0 steps/s  ETA 0:01"},
		{"unknown plan", 0, 0, 0,
			"epoch 2  step 2  loss 0.5  val 0.75  10.0 steps/s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			now := time.Unix(0, 0)
			p := nnplot.NewProgress()
			p.Notebook, p.Writer, p.Interval = false, &out, 0
			p.Clock = func() time.Time { return now }
			p.Start(tc.epochs, tc.steps, tc.iterations)
			for step := 1; step <= 10; step++ {
				now = now.Add(100 * time.Millisecond)
				p.Update(1, step, 1)
			}
			p.EndEpoch(1, 1, 0.75)
			now = now.Add(100 * time.Millisecond)
			p.Update(2, 1, 0.4)
			now = now.Add(100 * time.Millisecond)
			p.Update(2, 2, 0.5)
			lines := strings.Split(out.String(), "\r")
			if got := lines[len(lines)-1]; got != tc.want {
				t.Errorf("line\n%q, want\n%q", got, tc.want)
			}
		})
	}
}

func ExampleProgress() {
	// A text bar with a fake clock: 3 epochs of 4 steps, 0.1 s per step.
	var out strings.Builder
	now := time.Unix(0, 0)
	p := nnplot.NewProgress()
	p.Notebook, p.Writer = false, &out
	p.Clock = func() time.Time { return now }
	p.Interval = 500 * time.Millisecond

	p.Start(3, 4, 0)
	for epoch := 1; epoch <= 3; epoch++ {
		for step := 1; step <= 4; step++ {
			now = now.Add(100 * time.Millisecond)
			p.Update(epoch, step, math.Exp(-float64(4*(epoch-1)+step)/4))
		}
		p.EndEpoch(epoch, math.Exp(-float64(epoch)), 1.2*math.Exp(-float64(epoch)))
	}
	p.Done()

	// In a terminal each draw overwrites the line; here each is printed.
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\r") {
		if line != "" {
			fmt.Println(line)
		}
	}
	// Output:
	// epoch 0/3 [░░░░░░░░░░░░░░░░░░░░]   0%  step 0/4
	// epoch 2/3 [████████░░░░░░░░░░░░]  42%  step 1/4  loss 0.2865  val 0.4415  10.0 steps/s  ETA 0:01
	// epoch 3/3 [█████████████████░░░]  83%  step 2/4  loss 0.08208  val 0.1624  10.0 steps/s  ETA 0:00
	// epoch 3/3 [████████████████████] 100%  step 4/4  loss 0.04979  val 0.05974  10.0 steps/s  done in 0:01
}

// The figure Done leaves in the notebook: the loss per epoch, on a log scale
// when the losses span more than two decades.
func ExampleProgress_figure() {
	now := time.Unix(0, 0)
	p := nnplot.NewProgress()
	p.Notebook, p.Writer = false, io.Discard
	p.Clock = func() time.Time { return now }
	p.Start(30, 20, 0)
	for epoch := 1; epoch <= 30; epoch++ {
		for step := 1; step <= 20; step++ {
			now = now.Add(5 * time.Millisecond)
			p.Update(epoch, step, 2*math.Exp(-float64(20*epoch+step)/100))
		}
		p.EndEpoch(epoch, 2*math.Exp(-float64(20*epoch)/100), 2.4*math.Exp(-float64(20*epoch)/120))
	}
	p.Done()
	if err := nnplot.Save("testdata/progress.png", p.Figure()); err != nil {
		log.Fatal(err)
	}
}

// TestProgressBlanksShorterLine checks that a line shorter than the one it
// overwrites is padded with spaces, so no characters of the old one remain.
func TestProgressBlanksShorterLine(t *testing.T) {
	var out strings.Builder
	p := nnplot.NewProgress()
	p.Notebook, p.Writer, p.Interval = false, &out, 0
	p.Clock = func() time.Time { return time.Unix(0, 0) } // no speed: only the loss changes length
	p.Start(0, 0, 0)
	p.Update(1, 1, 0.123456)
	p.Update(1, 2, 1)
	draws := strings.Split(out.String(), "\r")[1:]
	long, short := draws[1], draws[2]
	if n, m := len([]rune(long)), len([]rune(short)); n != m {
		t.Errorf("second line has %d runes, want %d (as many as the first): %q then %q", m, n, long, short)
	}
	if !strings.HasSuffix(short, "     ") {
		t.Errorf("second line %q does not end in the 5 spaces that blank out the first", short)
	}
}
