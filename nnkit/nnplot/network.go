package nnplot

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnbook/nnbook/nnkit"
)

// Network is a diagram of a layered network: one column of units (circles)
// per layer, input on the left, and a line for every weight between
// consecutive layers. It draws the simple perceptron (Layers {3, 1}), a
// multilayer perceptron ({2, 4, 4, 1}) or, with Dropped, the thinned
// network one dropout step trains.
type Network struct {
	// Title is drawn above the diagram.
	Title string
	// Layers holds the number of units per layer, input first. A layer of
	// more than maxDrawnUnits units is drawn as its first and last units
	// with "⋮" between them.
	Layers []int
	// LayerNames are captions below the layers, such as "入力層". Default:
	// the number of units.
	LayerNames []string
	// UnitNames label the units inside their circles, layer by layer, such
	// as {{"x₁", "x₂"}, nil, {"y"}}; nil or short slices leave units blank.
	UnitNames [][]string
	// Bias adds a unit "1" above every layer but the last, with its
	// weights to the next layer drawn dashed.
	Bias bool
	// Dropped lists, per layer, the indices of units switched off: drawn
	// grey with a cross, without their weights.
	Dropped [][]int
}

// maxDrawnUnits is the largest layer drawn unit by unit.
const maxDrawnUnits = 10

// Plot draws the diagram.
func (n Network) Plot() *plot.Plot {
	if len(n.Layers) == 0 {
		nnkit.Panicf("nnplot: Network: no layers, want the number of units of each layer, input first")
	}
	for i, k := range n.Layers {
		if k < 1 {
			nnkit.Panicf("nnplot: Network: layer %d has %d units, want at least 1", i, k)
		}
	}
	for i, d := range n.Dropped {
		for _, j := range d {
			if i >= len(n.Layers) || j < 0 || j >= n.Layers[i] {
				nnkit.Panicf("nnplot: Network: Dropped names unit %d of layer %d, which does not exist", j, i)
			}
		}
	}
	p := newPlot(n.Title, "", "")
	p.HideAxes()
	d := &diagram{net: n}
	p.Add(d)
	rows := 0
	for _, k := range n.Layers {
		rows = max(rows, min(k, maxDrawnUnits))
	}
	if n.Bias {
		rows++
	}
	p.X.Min, p.X.Max = -0.5, float64(len(n.Layers))-0.5
	p.Y.Min, p.Y.Max = -float64(rows)/2-0.9, float64(rows)/2+0.2
	return p
}

// diagram is the plotter of a Network.
type diagram struct{ net Network }

// unit is a drawn circle: its layer, its index in the layer (-1 for bias,
// -2 for the "⋮" gap) and its position in data coordinates.
type unit struct {
	layer, index int
	x, y         float64
}

// units returns the drawn units of layer i, top to bottom.
func (d *diagram) units(i int) []unit {
	k := d.net.Layers[i]
	var idx []int
	if k <= maxDrawnUnits {
		for j := range k {
			idx = append(idx, j)
		}
	} else {
		half := maxDrawnUnits / 2
		for j := range half - 1 {
			idx = append(idx, j)
		}
		idx = append(idx, -2)
		for j := k - half; j < k; j++ {
			idx = append(idx, j)
		}
	}
	if d.net.Bias && i < len(d.net.Layers)-1 {
		idx = append([]int{-1}, idx...)
	}
	us := make([]unit, len(idx))
	for r, j := range idx {
		us[r] = unit{layer: i, index: j, x: float64(i), y: float64(len(idx)-1)/2 - float64(r)}
	}
	return us
}

func (d *diagram) dropped(u unit) bool {
	if u.layer >= len(d.net.Dropped) {
		return false
	}
	for _, j := range d.net.Dropped[u.layer] {
		if j == u.index {
			return true
		}
	}
	return false
}

// Plot draws the weights, then the units and their labels.
func (d *diagram) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	at := func(u unit) vg.Point { return vg.Point{X: trX(u.x), Y: trY(u.y)} }
	radius := vg.Points(11)
	weight := draw.LineStyle{Color: color.Gray{Y: 0x90}, Width: vg.Points(0.7)}
	biasWeight := weight
	biasWeight.Dashes = []vg.Length{vg.Points(3), vg.Points(2)}
	for i := 0; i+1 < len(d.net.Layers); i++ {
		for _, a := range d.units(i) {
			if a.index == -2 || d.dropped(a) {
				continue
			}
			for _, b := range d.units(i + 1) {
				if b.index < 0 || d.dropped(b) {
					continue
				}
				sty := weight
				if a.index == -1 {
					sty = biasWeight
				}
				c.StrokeLine2(sty, at(a).X, at(a).Y, at(b).X, at(b).Y)
			}
		}
	}
	label := text.Style{
		Color:   color.Black,
		Font:    font.From(sans, tickSize),
		XAlign:  draw.XCenter,
		YAlign:  draw.YCenter,
		Handler: mixedText,
	}
	for i := range d.net.Layers {
		us := d.units(i)
		for _, u := range us {
			pt := at(u)
			if u.index == -2 {
				c.FillText(label, pt, "⋮")
				continue
			}
			fill, edge := tint(colorAt(min(i, 1)), 0.75), colorAt(min(i, 1))
			if i == len(d.net.Layers)-1 && i > 0 {
				fill, edge = tint(colorAt(2), 0.75), colorAt(2)
			}
			name := d.unitName(u)
			if u.index == -1 {
				fill, edge, name = color.RGBA{R: 0xf2, G: 0xf2, B: 0xf2, A: 0xff}, color.Gray{Y: 0x80}, "1"
			}
			if d.dropped(u) {
				fill, edge = color.RGBA{R: 0xf2, G: 0xf2, B: 0xf2, A: 0xff}, color.Gray{Y: 0xb0}
			}
			c.DrawGlyph(draw.GlyphStyle{Color: fill, Radius: radius, Shape: draw.CircleGlyph{}}, pt)
			c.DrawGlyph(draw.GlyphStyle{Color: edge, Radius: radius, Shape: draw.RingGlyph{}}, pt)
			if d.dropped(u) {
				c.DrawGlyph(draw.GlyphStyle{Color: color.Gray{Y: 0x80}, Radius: radius * 0.6, Shape: draw.CrossGlyph{}}, pt)
			} else if name != "" {
				c.FillText(label, pt, name)
			}
		}
		caption := fmt.Sprint(d.net.Layers[i])
		if i < len(d.net.LayerNames) {
			caption = d.net.LayerNames[i]
		}
		lowest := us[len(us)-1]
		pt := at(lowest)
		pt.Y -= radius + vg.Points(6)
		sty := label
		sty.YAlign = draw.YTop
		c.FillText(sty, pt, caption)
	}
}

// unitName is the label of unit u, or "".
func (d *diagram) unitName(u unit) string {
	if u.layer < len(d.net.UnitNames) && u.index >= 0 && u.index < len(d.net.UnitNames[u.layer]) {
		return d.net.UnitNames[u.layer][u.index]
	}
	return ""
}
