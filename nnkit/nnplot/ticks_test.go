package nnplot

import (
	"math"
	"reflect"
	"testing"
)

func TestLinearTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi  float64
		integer bool
		want    []string
	}{
		{0, 1, false, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{-5, 5, false, []string{"-4", "-2", "0", "2", "4"}},
		{1, 40, true, []string{"10", "20", "30", "40"}},
		{1, 3, true, []string{"1", "2", "3"}},
		{1, 3, false, []string{"1.0", "1.5", "2.0", "2.5", "3.0"}},
		{0.05, 1.27, false, []string{"0.2", "0.4", "0.6", "0.8", "1.0", "1.2"}},
		{2, 2, false, []string{"2"}},
		{-math.MaxFloat64, math.MaxFloat64, false, []string{"−1.8×10^308"}},
		{0, 3e5, false, []string{"0", "10^5", "2×10^5", "3×10^5"}},
		{-2e-5, 2e-5, false, []string{"−2×10^−5", "−10^−5", "0", "10^−5", "2×10^−5"}},
	} {
		var got []string
		for _, tk := range (linearTicks{integer: tc.integer}).Ticks(tc.lo, tc.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Ticks(%g, %g, integer=%v) labels = %q, want %q", tc.lo, tc.hi, tc.integer, got, tc.want)
		}
	}
}

func TestLogTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   []string
	}{
		{1e-5, 2, []string{"10^−5", "10^−4", "10^−3", "10^−2", "10^−1", "10^0"}},
		{0.15, 1.3, []string{"0.2", "0.5", "1"}},
		{1e-12, 1, []string{"10^−12", "10^−10", "10^−8", "10^−6", "10^−4", "10^−2", "10^0"}},
		{0.002, 0.03, []string{"0.002", "0.005", "0.01", "0.02"}},
	} {
		var got []string
		for _, tk := range (logTicks{}).Ticks(tc.lo, tc.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Ticks(%g, %g) labels = %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
	}
}

// TestCurvesLogX checks that LogX puts the horizontal axis on a log scale
// labelled in powers of ten and leaves out positions that a log axis cannot
// show.
func TestCurvesLogX(t *testing.T) {
	p := Curves{LogX: true, Series: []Series{{Name: "a", X: []float64{0, 1, 10, 1000}, Y: []float64{5, 4, 3, 2}}}}.Plot()
	if _, ok := p.X.Scale.(logScale); !ok {
		t.Fatalf("X.Scale is %T, want logScale", p.X.Scale)
	}
	if p.X.Min != 1 || p.X.Max != 1000 {
		t.Errorf("X range [%g, %g], want [1, 1000]: the position 0 left out", p.X.Min, p.X.Max)
	}
	var labels []string
	for _, tk := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if want := []string{"10^0", "10^1", "10^2", "10^3"}; !reflect.DeepEqual(labels, want) {
		t.Errorf("X tick labels %q, want %q", labels, want)
	}
	if p := (Curves{Series: []Series{{Name: "a", Y: []float64{1, 2}}}}).Plot(); p.X.Scale == (logScale{}) {
		t.Error("X on a log scale without LogX")
	}
}
