package nnplot

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnbook/nnbook/nnkit"
)

// Sample is a named set of values, such as the activations of one layer.
type Sample struct {
	Name   string
	Values []float64
}

// Histograms draws one histogram per sample side by side (five per row),
// all with the same bins over the common range of the values and the same
// vertical scale, so the distributions of successive layers compare at a
// glance. bins ≤ 0 means 30.
// NaN and ±Inf values are left out.
func Histograms(title string, bins int, samples ...Sample) *Grid {
	if bins <= 0 {
		bins = 30
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range samples {
		for _, v := range s.Values {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	width := (hi - lo) / float64(bins)
	plots := make([]*plot.Plot, len(samples))
	top := 0.0 // the highest bin of all: the panels share their vertical scale
	for i, s := range samples {
		h := &plotter.Histogram{
			Bins:      make([]plotter.HistogramBin, bins),
			Width:     width,
			FillColor: tint(colorAt(0), 0.15),
			LineStyle: draw.LineStyle{Color: tint(colorAt(0), 0.6), Width: vg.Points(0.5)},
		}
		for b := range h.Bins {
			h.Bins[b].Min = lo + float64(b)*width
			h.Bins[b].Max = lo + float64(b+1)*width
		}
		for _, v := range s.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			b := min(int((v-lo)/width), bins-1)
			h.Bins[b].Weight++
			top = math.Max(top, h.Bins[b].Weight)
		}
		yLabel := ""
		if i%histogramCols == 0 {
			yLabel = "度数 (count)"
		}
		p := newPlot(s.Name, "", yLabel)
		p.Title.TextStyle.Font.Size = labelSize
		addGrid(p)
		p.Add(h)
		p.X.Min, p.X.Max = lo, hi
		p.Y.Min = 0
		plots[i] = p
	}
	for _, p := range plots {
		p.Y.Max = top
	}
	cols := min(max(len(samples), 1), histogramCols)
	g := NewGrid(title, cols, plots...)
	g.Width = vg.Length(cols)*2.3*vg.Inch + 0.4*vg.Inch
	g.Height = vg.Length(len(g.Plots))*2.4*vg.Inch + 0.4*vg.Inch
	return g
}

// histogramCols is the number of histograms per row.
const histogramCols = 5

// GradientNorms draws a bar per layer with the norm of its gradient, on a log
// scale where vanishing (or exploding) gradients show as a steady slope
// across layers. Norms ≤ 0 cannot be shown on a log scale and are left out.
// To follow the norms during training, use [Curves] with Log set and one
// Series per layer.
func GradientNorms(title string, layers []string, norms []float64) *plot.Plot {
	if len(layers) != len(norms) {
		nnkit.Panicf("nnplot: GradientNorms: %d layer names for %d norms, want one name per norm", len(layers), len(norms))
	}
	p := newPlot(title, "層 (layer)", "勾配ノルム (gradient norm)")
	addGrid(p)
	b := &bars{values: norms}
	p.Add(b)
	if len(layers) > 0 { // gonum/plot's nominal axes need a name
		p.NominalX(layers...)
	}
	if len(layers) > 6 {
		p.X.Tick.Label.Rotation = math.Pi / 5
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
	}
	if lo, hi, ok := positiveRange(norms); ok {
		useLog(&p.Y)
		// Whole decades around the bars, so the shortest bar stays visible.
		p.Y.Min = math.Pow(10, math.Floor(math.Log10(lo)-0.1))
		p.Y.Max = math.Pow(10, math.Ceil(math.Log10(hi)))
	}
	return p
}

// positiveRange returns the smallest and largest positive finite values.
func positiveRange(vs []float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		if v > 0 && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	return lo, hi, lo <= hi
}

// bars draws value i as a bar at x = i rising from the bottom of the axis,
// which, unlike plotter.BarChart, works on a log scale.
type bars struct{ values []float64 }

// Plot draws the bars.
func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, v := range b.values {
		if !(v > 0) || math.IsInf(v, 0) {
			continue
		}
		x0, x1 := trX(float64(i)-0.32), trX(float64(i)+0.32)
		r := vg.Rectangle{Min: vg.Point{X: x0, Y: c.Min.Y}, Max: vg.Point{X: x1, Y: trY(v)}}
		c.SetColor(colorAt(0))
		c.Fill(r.Path())
	}
}

// DataRange spans the bars.
func (b *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	lo, hi, ok := positiveRange(b.values)
	if !ok {
		lo, hi = 1, 1
	}
	return -0.5, float64(len(b.values)) - 0.5, lo, hi
}
