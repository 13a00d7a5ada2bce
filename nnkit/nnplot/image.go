package nnplot

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/nnbook/nnbook/nnkit"
)

// Images draws each row of x as an h×w grey-scale image (pixels row by row,
// as the 8×8 digits and 28×28 MNIST data sets store them), cols per row of
// the figure, with labels[i] above image i (nil draws no labels). Values are
// scaled over the range of x, the largest drawn black on white. cols ≤ 0
// means min(n, 10). [ImageGrid] also undoes a scaler.
func Images(title string, x *mat.Dense, h, w int, labels []string, cols int) *Grid {
	return ImageGrid{Title: title, X: x, H: h, W: w, Labels: labels, Cols: cols}.Grid()
}

// Inverter undoes a scaling of data, as the scalers of nnkit/data do
// (Standardize, MinMax, PCAWhiten, …).
type Inverter interface {
	InverseTransform(x *mat.Dense) *mat.Dense
}

// ImageGrid is a figure of grey-scale images, one per row of X, as
// [Images] draws them.
type ImageGrid struct {
	// Title is drawn above the grid.
	Title string
	// X holds one image per row, H×W pixels row by row.
	X    *mat.Dense
	H, W int
	// Labels are the captions above the images, or nil. Every cell is as
	// wide as the widest caption, and a caption may span several lines
	// ("7\n(予測 1)"), so captions never overlap.
	Labels []string
	// Cols is the number of images per row. Default: min(n, 10).
	Cols int
	// Unscale, when not nil, maps X back to the original pixel values
	// before drawing, e.g. the scaler that standardised the inputs.
	Unscale Inverter
}

// Grid draws the images.
func (ig ImageGrid) Grid() *Grid {
	x, h, w := ig.X, ig.H, ig.W
	if x == nil {
		nnkit.Panicf("nnplot: Images: X is nil, want one image per row")
	}
	n, d := x.Dims()
	if d != h*w {
		nnkit.Panicf("nnplot: Images: rows have %d values, want h×w = %d×%d = %d", d, h, w, h*w)
	}
	if ig.Labels != nil && len(ig.Labels) != n {
		nnkit.Panicf("nnplot: Images: %d labels for %d images", len(ig.Labels), n)
	}
	if ig.Unscale != nil {
		x = ig.Unscale.InverseTransform(x)
		if r, c := x.Dims(); r != n || c != d {
			nnkit.Panicf("nnplot: Images: Unscale returned %d×%d for %d×%d images", r, c, n, d)
		}
	}
	cols := ig.Cols
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
	captionWidth, captionLines := vg.Length(0), 0
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
		if ig.Labels != nil {
			label = ig.Labels[i]
		}
		p := newPlot(label, "", "")
		p.Title.TextStyle.Font.Size = tickSize
		p.Title.Padding = vg.Points(2)
		p.Add(plotter.NewImage(img, 0, 0, float64(w), float64(h)))
		p.HideAxes()
		plots[i] = p
		if label != "" {
			lines := mixedText.Lines(label)
			for _, l := range lines {
				lw, _, _ := mixedText.Box(l, font.From(sans, tickSize))
				captionWidth = max(captionWidth, lw)
			}
			captionLines = max(captionLines, len(lines))
		}
	}
	g := NewGrid(ig.Title, cols, plots...)
	g.Pad = vg.Points(6)
	// Size the figure so that each image keeps its aspect ratio: a cell is
	// the wider of the image and the widest caption, and as high as the
	// image, the tallest caption and the padding; the grid adds its margins
	// and the title.
	cell := max(0.85*vg.Inch, captionWidth+vg.Points(2))
	imageHeight := cell * vg.Length(h) / vg.Length(w)
	if cell > 0.85*vg.Inch {
		// Keep the image 0.85 inch wide and centred: widen the x range.
		imageHeight = 0.85 * vg.Inch * vg.Length(h) / vg.Length(w)
		margin := float64(w) * float64(cell/(0.85*vg.Inch)-1) / 2
		for _, p := range plots {
			p.X.Min, p.X.Max = -margin, float64(w)+margin
		}
	}
	labelHeight := vg.Length(0)
	if captionLines > 0 {
		labelHeight = vg.Points(tickSize*1.2*float64(captionLines) + 2)
	}
	rows := vg.Length(len(g.Plots))
	g.Width = vg.Length(cols)*(cell+g.Pad) + vg.Points(12)
	g.Height = rows*(imageHeight+labelHeight+g.Pad) + vg.Points(12)
	if ig.Title != "" {
		g.Height += vg.Points((titleSize+1)*1.2 + 10)
	}
	return g
}
