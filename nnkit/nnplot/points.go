package nnplot

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnbook/nnbook/nnkit"
)

// Points is a scatter plot of the rows of X (n×2), with three ways to show
// what each point is:
//
//   - Labels (classes counted from 0): colour and shape by class, the legend
//     naming class k Classes[k] (or "クラス k"), as [Scatter] does;
//   - Value (continuous data, such as a regression target): colour along
//     the viridis scale from min(Value) (dark violet) to max(Value)
//     (yellow-green), the legend showing the colours of the minimum, the
//     midpoint and the maximum;
//   - neither: one colour, for data such as (x, y) samples of a function.
type Points struct {
	// Title is drawn above the plot.
	Title string
	// X holds one point per row; the first two columns are plotted.
	X *mat.Dense
	// XLabel and YLabel name the features on the axes. Default: x₁, x₂.
	XLabel, YLabel string
	// Labels are the classes of the rows, or nil.
	Labels []int
	// Classes names the classes in the legend, such as the iris species.
	Classes []string
	// Value is a continuous value per row, used when Labels is nil.
	Value []float64
	// ValueLabel names Value in the legend, e.g. "y". Default: "値 (value)".
	ValueLabel string
}

// Plot draws the points.
func (s Points) Plot() *plot.Plot {
	if s.X == nil {
		nnkit.Panicf("nnplot: Points: X is nil, want an n×2 matrix of points")
	}
	xLabel, yLabel := s.XLabel, s.YLabel
	if xLabel == "" {
		xLabel = "x₁"
	}
	if yLabel == "" {
		yLabel = "x₂"
	}
	p := newPlot(s.Title, xLabel, yLabel)
	addGrid(p)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = bounds(s.X)
	switch {
	case s.Labels != nil:
		points := addClasses(p, s.X, s.Labels, s.Classes, 3.5, 0xff)
		return finish(p, len(s.Labels) > 0, points...)
	case s.Value != nil:
		return finish(p, true, s.addValues(p)...)
	}
	xys := rowsXY(s.X, "Points")
	p.Add(&plotter.Scatter{XYs: xys, GlyphStyle: draw.GlyphStyle{Color: colorAt(0), Radius: vg.Points(3), Shape: draw.CircleGlyph{}}})
	return p
}

// addValues adds the points coloured by Value and the legend of the scale.
func (s Points) addValues(p *plot.Plot) []plotter.XYs {
	xys := rowsXY(s.X, "Points")
	if len(s.Value) != len(xys) {
		nnkit.Panicf("nnplot: Points: %d values for %d points, want one value per row", len(s.Value), len(xys))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, v := range s.Value {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			nnkit.Panicf("nnplot: Points: value %d is %v, want a finite number", i, v)
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	at := func(v float64) color.Color {
		if hi == lo {
			return along(viridis, 0.5)
		}
		return along(viridis, (v-lo)/(hi-lo))
	}
	sc := &plotter.Scatter{XYs: xys, GlyphStyle: draw.GlyphStyle{Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}}
	sc.GlyphStyleFunc = func(i int) draw.GlyphStyle {
		g := sc.GlyphStyle
		g.Color = at(s.Value[i])
		return g
	}
	p.Add(sc)
	name := s.ValueLabel
	if name == "" {
		name = "値 (value)"
	}
	for _, v := range []float64{hi, (lo + hi) / 2, lo} {
		key := &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: at(v), Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}}
		p.Legend.Add(fmt.Sprintf("%s = %.3g", name, v), key)
	}
	return []plotter.XYs{xys}
}

// rowsXY returns the first two columns of x as points.
func rowsXY(x *mat.Dense, who string) plotter.XYs {
	n, d := x.Dims()
	if d < 2 {
		nnkit.Panicf("nnplot: %s: points are %d×%d, want at least 2 columns", who, n, d)
	}
	xys := make(plotter.XYs, n)
	for i := range xys {
		xys[i] = plotter.XY{X: x.At(i, 0), Y: x.At(i, 1)}
	}
	return xys
}
