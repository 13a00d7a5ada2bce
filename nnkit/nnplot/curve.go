package nnplot

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnbook/nnbook/nnkit"
)

// Series is a named sequence of values, such as the training loss of each
// epoch.
type Series struct {
	// Name labels the line in the legend ("train", "validation").
	Name string
	// Y holds the values.
	Y []float64
	// X holds the position of each value; nil means 1, 2, …, len(Y)
	// (epochs or iterations counted from 1).
	X []float64
}

// Curves is a line chart of loss or metric values per epoch or iteration.
type Curves struct {
	// Title is drawn above the plot.
	Title string
	// XLabel names the horizontal axis. Default: "エポック (epoch)" when empty.
	XLabel string
	// YLabel names the vertical axis. Default: "損失 (loss)" when empty.
	YLabel string
	// Log draws the vertical axis on a log scale, where exponential decay is
	// a straight line; values ≤ 0 are left out.
	Log bool
	// LogX draws the horizontal axis on a log scale, for effects that
	// unfold over several decades of epochs or steps; positions ≤ 0 are
	// left out.
	LogX bool
	// Stop, when positive, marks that x position (the epoch early stopping
	// restored) with a vertical line and a label.
	Stop float64
	// Series holds the lines; each gets the next colour of the Palette.
	Series []Series
}

// Plot draws the curves. Values that are NaN or ±Inf (a diverged run) are
// left out. It panics if a series has X positions but not one per value.
func (c Curves) Plot() *plot.Plot {
	xLabel, yLabel := c.XLabel, c.YLabel
	if xLabel == "" {
		xLabel = "エポック (epoch)"
	}
	if yLabel == "" {
		yLabel = "損失 (loss)"
	}
	p := newPlot(c.Title, xLabel, yLabel)
	addGrid(p)
	yMin, yMax := math.Inf(1), math.Inf(-1)
	var avoid []plotter.XYs
	for i, s := range c.Series {
		if s.X != nil && len(s.X) != len(s.Y) {
			nnkit.Panicf("nnplot: Curves: series %q has %d x positions for %d values", s.Name, len(s.X), len(s.Y))
		}
		xys := make(plotter.XYs, 0, len(s.Y))
		for j, y := range s.Y {
			x := float64(j + 1)
			if s.X != nil {
				x = s.X[j]
			}
			if math.IsNaN(y) || math.IsInf(y, 0) || (c.Log && y <= 0) || (c.LogX && x <= 0) {
				continue
			}
			xys = append(xys, plotter.XY{X: x, Y: y})
			yMin, yMax = math.Min(yMin, y), math.Max(yMax, y)
		}
		l := &plotter.Line{XYs: xys, LineStyle: lineStyle(i)}
		p.Add(l)
		p.Legend.Add(s.Name, l)
		avoid = append(avoid, xys)
	}
	if c.Log && yMin <= yMax {
		useLog(&p.Y)
	}
	integerX := true
	for _, s := range c.Series {
		integerX = integerX && s.X == nil
	}
	p.X.Tick.Marker = linearTicks{integer: integerX}
	if c.LogX {
		useLog(&p.X)
	}
	if c.Stop > 0 && yMin <= yMax {
		p.Add(&stopMark{x: c.Stop})
	}
	return finish(p, len(c.Series) > 0, avoid...)
}

// stopMark draws a dashed vertical line across the data area at x with a
// label at its top.
type stopMark struct{ x float64 }

// Plot draws the mark.
func (m *stopMark) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(m.x)
	grey := color.Gray{Y: 0x44}
	c.StrokeLine2(draw.LineStyle{Color: grey, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}},
		x, c.Min.Y, x, c.Max.Y)
	sty := p.Legend.TextStyle
	sty.Color = grey
	sty.XAlign = draw.XLeft
	sty.YAlign = draw.YTop
	label := fmt.Sprintf("早期終了 (%g)", m.x)
	at := vg.Point{X: x + vg.Points(5), Y: c.Max.Y - vg.Points(4)}
	if w := sty.Width(label); at.X+w > c.Max.X {
		// No room on the right: put the label on the left of the line.
		sty.XAlign = draw.XRight
		at.X = x - vg.Points(5)
	}
	r := sty.Rectangle(label)
	box := vg.Rectangle{Min: r.Min.Add(at), Max: r.Max.Add(at)}
	c.SetColor(color.NRGBA{R: 255, G: 255, B: 255, A: 200})
	c.Fill(box.Path())
	c.FillText(sty, at, label)
}

// DataRange keeps the mark inside the x range.
func (m *stopMark) DataRange() (xmin, xmax, ymin, ymax float64) {
	return m.x, m.x, math.Inf(1), math.Inf(-1)
}
