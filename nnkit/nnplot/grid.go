package nnplot

import (
	"image/color"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Grid is a figure of several plots in rows and columns under one title,
// with their data areas aligned.
type Grid struct {
	// Title is drawn centred above the panels; empty draws none.
	Title string
	// Plots holds the panels row by row; every row has the same length and a
	// nil entry leaves its cell empty.
	Plots [][]*plot.Plot
	// Width and Height are the natural size of the figure, used by a
	// Renderer whose own size is zero. Zero means DefaultWidth and
	// DefaultHeight.
	Width, Height vg.Length
	// Pad is the space between panels. Default: 0.2 inch when zero.
	Pad vg.Length
}

// NewGrid returns a grid with the plots laid out in rows of cols panels
// (cols < 1 means 1); the last row is padded with empty cells.
func NewGrid(title string, cols int, plots ...*plot.Plot) *Grid {
	if cols < 1 {
		cols = 1
	}
	g := &Grid{Title: title}
	for len(plots) > 0 {
		row := make([]*plot.Plot, cols)
		n := copy(row, plots)
		plots = plots[n:]
		g.Plots = append(g.Plots, row)
	}
	return g
}

// Size returns Width and Height, or the defaults when they are zero.
func (g *Grid) Size() (w, h vg.Length) {
	w, h = g.Width, g.Height
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	return w, h
}

// PNG returns the grid as a PNG image drawn by the zero [Renderer], at its
// natural size (see [Grid.Size]) and DefaultDPI: a notebook shows a cell
// value with this method as that image, as it shows a *plot.Plot. Use
// [Renderer.PNG] for another size or resolution.
func (g *Grid) PNG() []byte {
	b, err := Renderer{}.PNG(g)
	if err != nil {
		// The zero Renderer writes to memory, which cannot fail.
		panic(err)
	}
	return b
}

// String returns one line naming the grid and its size, the text a
// notebook shows beside its image: [figure "title", 6.4×4.2 in].
func (g *Grid) String() string { return Renderer{}.line(g) }

// Draw draws the title and the panels on c.
func (g *Grid) Draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	pad := g.Pad
	if pad == 0 {
		pad = 0.2 * vg.Inch
	}
	if g.Title != "" {
		sty := text.Style{
			Color:   color.Black,
			Font:    font.From(font.Font{Typeface: sans.Typeface, Variant: sans.Variant, Weight: xfont.WeightBold}, titleSize+1),
			XAlign:  draw.XCenter,
			YAlign:  draw.YTop,
			Handler: plot.DefaultTextHandler,
		}
		top := c.Max.Y - vg.Points(4)
		c.FillText(sty, vg.Point{X: c.Center().X, Y: top}, g.Title)
		c.Max.Y = top - sty.Rectangle(g.Title).Size().Y - vg.Points(6)
	}
	if len(g.Plots) == 0 {
		return
	}
	t := draw.Tiles{
		Rows: len(g.Plots), Cols: len(g.Plots[0]),
		PadX: pad, PadY: pad,
		PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(8),
	}
	canvases := plot.Align(g.Plots, t, c)
	for i, row := range g.Plots {
		for j, p := range row {
			if p != nil {
				p.Draw(canvases[i][j])
			}
		}
	}
}
