package nnplot

import (
	"fmt"
	"testing"
	"time"
)

// TestBinned adds the values 1, 2, …, n: the mean of a bin of consecutive
// values is its centre, so every point must lie on y = x.
func TestBinned(t *testing.T) {
	for _, n := range []int{0, 1, 5, maxBins - 1, maxBins, maxBins + 1, 1000, 100000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var b binned
			for i := 1; i <= n; i++ {
				b.add(float64(i))
			}
			xs, ys := b.points()
			if len(xs) > maxBins {
				t.Errorf("%d points, want at most %d", len(xs), maxBins)
			}
			if n > 0 && len(xs) == 0 {
				t.Fatal("no points")
			}
			covered := 0.0
			for i := range xs {
				if xs[i] != ys[i] {
					t.Errorf("point %d = (%g, %g), want y = x", i, xs[i], ys[i])
				}
			}
			if len(xs) > 0 {
				covered = xs[len(xs)-1]
			}
			if n > 0 && (covered <= float64(n)/2 || covered > float64(n)) {
				t.Errorf("last point at %g, want it within the last bin of %d values", covered, n)
			}
		})
	}
}

func TestClock(t *testing.T) {
	for _, tc := range []struct {
		seconds float64
		want    string
	}{
		{0, "0:00"}, {0.4, "0:00"}, {59.6, "1:00"}, {61, "1:01"}, {3599, "59:59"}, {3600, "1:00:00"}, {7384, "2:03:04"},
	} {
		if got := clock(secondsDuration(tc.seconds)); got != tc.want {
			t.Errorf("clock(%gs) = %q, want %q", tc.seconds, got, tc.want)
		}
	}
}

func secondsDuration(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
