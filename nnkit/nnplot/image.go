package nnplot

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/nnbook/nnbook/nnkit"
)

// Images draws each row of x as an h×w grey-scale image (pixels row by row,
// as the 8×8 digits and 28×28 MNIST data sets store them), cols per row of
// the figure, with labels[i] above image i (nil draws no labels). Values are
// scaled over the range of x, the largest drawn black on white. cols ≤ 0
// means min(n, 10).
func Images(title string, x *mat.Dense, h, w int, labels []string, cols int) *Grid {
	n, d := x.Dims()
	if d != h*w {
		nnkit.Panicf("nnplot: Images: rows have %d values, want h×w = %d×%d = %d", d, h, w, h*w)
	}
	if labels != nil && len(labels) != n {
		nnkit.Panicf("nnplot: Images: %d labels for %d images", len(labels), n)
	}
	if cols <= 0 {
		cols = min(max(n, 1), 10)
	}
	lo, hi := mat.Min(x), mat.Max(x)
	if n == 0 || lo == hi {
		hi = lo + 1
	}
	// Each pixel becomes a scale×scale block so the renderer's smoothing
	// does not blur the digits.
	scale := max(1, int(math.Ceil(112/float64(max(h, w)))))
	plots := make([]*plot.Plot, n)
	for i := range n {
		img := image.NewGray(image.Rect(0, 0, w*scale, h*scale))
		for r := range h {
			for c := range w {
				v := (x.At(i, r*w+c) - lo) / (hi - lo)
				g := color.Gray{Y: uint8(255*(1-v) + 0.5)}
				for dy := range scale {
					for dx := range scale {
						img.SetGray(c*scale+dx, r*scale+dy, g)
					}
				}
			}
		}
		label := ""
		if labels != nil {
			label = labels[i]
		}
		p := newPlot(label, "", "")
		p.Title.TextStyle.Font.Size = tickSize
		p.Title.Padding = vg.Points(2)
		p.Add(plotter.NewImage(img, 0, 0, float64(w), float64(h)))
		p.HideAxes()
		plots[i] = p
	}
	g := NewGrid(title, cols, plots...)
	g.Pad = vg.Points(6)
	// Size the figure so that each image keeps its aspect ratio: a cell is
	// the image, its label and the padding; the grid adds its margins and
	// the title.
	cell := 0.85 * vg.Inch
	labelHeight := vg.Length(0)
	if labels != nil {
		labelHeight = vg.Points(tickSize*1.2 + 2)
	}
	rows := vg.Length(len(g.Plots))
	g.Width = vg.Length(cols)*(cell+g.Pad) + vg.Points(12)
	g.Height = rows*(cell*vg.Length(h)/vg.Length(w)+labelHeight+g.Pad) + vg.Points(12)
	if title != "" {
		g.Height += vg.Points((titleSize+1)*1.2 + 10)
	}
	return g
}
