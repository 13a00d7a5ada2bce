package nnplot

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Text sizes of every figure, chosen to stay readable when a notebook shows
// the image at its natural size.
const (
	titleSize  = 14 // points
	labelSize  = 12
	tickSize   = 11
	legendSize = 11
)

// Palette is the colour of series i (modulo its length): the ten colours of
// Tableau 10, which matplotlib also uses, so figures look familiar and stay
// distinguishable for most colour-blind readers.
var Palette = []color.Color{
	rgb(0x1f77b4), // blue
	rgb(0xff7f0e), // orange
	rgb(0x2ca02c), // green
	rgb(0xd62728), // red
	rgb(0x9467bd), // purple
	rgb(0x8c564b), // brown
	rgb(0xe377c2), // pink
	rgb(0x7f7f7f), // grey
	rgb(0xbcbd22), // olive
	rgb(0x17becf), // cyan
}

// colorAt returns the palette colour of series i.
func colorAt(i int) color.Color { return Palette[i%len(Palette)] }

func rgb(v uint32) color.RGBA {
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// tint mixes c with white: f = 0 gives c, f = 1 gives white.
func tint(c color.Color, f float64) color.RGBA {
	r, g, b, _ := c.RGBA()
	mix := func(v uint32) uint8 { return uint8(float64(v>>8)*(1-f) + 255*f + 0.5) }
	return color.RGBA{R: mix(r), G: mix(g), B: mix(b), A: 0xff}
}

// newPlot returns a plot with the package's fonts, tick marks and legend
// style.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, titleSize)
	p.Title.Padding = vg.Points(8)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, labelSize)
		a.Tick.Label.Font = font.From(sans, tickSize)
		a.Label.Padding = vg.Points(4)
		a.Tick.Length = vg.Points(5)
		a.Tick.Marker = linearTicks{}
		a.Tick.Label.Handler = tickText
	}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Legend.TextStyle.Font = font.From(sans, legendSize)
	p.Legend.XOffs = -vg.Points(6)
	p.Legend.YOffs = -vg.Points(6)
	p.Legend.ThumbnailWidth = vg.Points(22)
	p.Legend.Padding = vg.Points(2)
	return p
}

// addGrid adds light grid lines behind everything drawn later.
func addGrid(p *plot.Plot) {
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 0xe0}
	g.Horizontal.Color = color.Gray{Y: 0xe0}
	g.Vertical.Width = vg.Points(0.5)
	g.Horizontal.Width = vg.Points(0.5)
	p.Add(g)
}

// legendBox is a plotter, added last, that draws the plot's legend on a
// white box in the corner of the data area that hides the fewest data
// points. gonum/plot draws its legend on a canvas the plotters never see, so
// [finish] moves the entries here and leaves p.Legend empty.
type legendBox struct {
	legend plot.Legend
	avoid  []plotter.XYs // the data the legend should not hide
}

// Plot draws the box and the legend.
func (b *legendBox) Plot(c draw.Canvas, p *plot.Plot) {
	l := &b.legend
	size := l.Rectangle(c).Size()
	if size.X == 0 {
		return
	}
	size.Y += l.TextStyle.FontExtents().Descent // below the last entry's baseline
	trX, trY := p.Transforms(&c)
	const pad = 4 // points around the entries
	var best vg.Rectangle
	bestHidden := -1
	for _, corner := range []struct{ top, left bool }{{true, false}, {true, true}, {false, false}, {false, true}} {
		var r vg.Rectangle
		if corner.left {
			r.Min.X = c.Min.X - l.XOffs
			r.Max.X = r.Min.X + size.X
		} else {
			r.Max.X = c.Max.X + l.XOffs
			r.Min.X = r.Max.X - size.X
		}
		if corner.top {
			r.Max.Y = c.Max.Y + l.YOffs
			r.Min.Y = r.Max.Y - size.Y
		} else {
			r.Min.Y = c.Min.Y - l.YOffs
			r.Max.Y = r.Min.Y + size.Y
		}
		r.Min.X -= pad
		r.Min.Y -= pad
		r.Max.X += pad
		r.Max.Y += pad
		// Count the points under the box or within a glyph's or a line's
		// width of it.
		const near = 8
		hidden := 0
		for _, xys := range b.avoid {
			for _, xy := range xys {
				pt := vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
				if pt.X >= r.Min.X-near && pt.X <= r.Max.X+near && pt.Y >= r.Min.Y-near && pt.Y <= r.Max.Y+near {
					hidden++
				}
			}
		}
		if bestHidden < 0 || hidden < bestHidden {
			best, bestHidden = r, hidden
			l.Top, l.Left = corner.top, corner.left
		}
		if hidden == 0 {
			break
		}
	}
	c.SetColor(color.White)
	c.Fill(best.Path())
	c.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 0xb0}, Width: vg.Points(0.6)})
	c.Stroke(best.Path())
	// Legend.Draw places entries from the canvas edges with the offsets
	// applied towards the right and top: give it the box less the padding.
	inner := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: best.Min.X + pad, Y: best.Min.Y + pad},
		Max: vg.Point{X: best.Max.X - pad, Y: best.Max.Y - pad},
	}}
	placed := *l
	placed.XOffs, placed.YOffs = 0, l.TextStyle.FontExtents().Descent
	if !placed.Top {
		placed.YOffs = 0
	}
	placed.Draw(inner)
}

// finish moves the legend's entries onto a legendBox that avoids the given
// data, when there are entries.
func finish(p *plot.Plot, hasLegend bool, avoid ...plotter.XYs) *plot.Plot {
	if !hasLegend {
		return p
	}
	p.Add(&legendBox{legend: p.Legend, avoid: avoid})
	entries := p.Legend
	p.Legend = plot.NewLegend()
	p.Legend.TextStyle = entries.TextStyle
	p.Legend.XOffs, p.Legend.YOffs = entries.XOffs, entries.YOffs
	p.Legend.ThumbnailWidth, p.Legend.Padding = entries.ThumbnailWidth, entries.Padding
	return p
}

// lineStyle is the style of series i.
func lineStyle(i int) draw.LineStyle {
	return draw.LineStyle{Color: colorAt(i), Width: vg.Points(2)}
}
