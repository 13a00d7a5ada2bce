package nnplot

import (
	"image/color"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnbook/nnbook/nnkit"
)

// ConfusionMatrix draws counts (k×k, rows = true class, columns = predicted
// class, as metric.Confusion.Counts holds) as a heat map with the count in each cell.
// A cell's shade is its share of its row, the recall of that class, so a
// rare class shows its errors as clearly as a common one. classes names the
// classes; nil names them 0, 1, ….
func ConfusionMatrix(title string, counts [][]int, classes []string) *plot.Plot {
	k := len(counts)
	for i, row := range counts {
		if len(row) != k {
			nnkit.Panicf("nnplot: ConfusionMatrix: row %d has %d counts, want %d (a square matrix)", i, len(row), k)
		}
	}
	if classes == nil {
		for i := range k {
			classes = append(classes, strconv.Itoa(i))
		}
	}
	if len(classes) != k {
		nnkit.Panicf("nnplot: ConfusionMatrix: %d class names for a %d×%d matrix", len(classes), k, k)
	}
	p := newPlot(title, "予測クラス (predicted)", "正解クラス (true)")
	p.Add(&cells{counts: counts})
	if k > 0 { // gonum/plot's nominal axes need a name
		p.NominalX(classes...)
		reversed := make([]string, k)
		for i, c := range classes {
			reversed[k-1-i] = c
		}
		p.NominalY(reversed...) // row 0 at the top
	}
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Padding = 0
		a.Tick.Length = 0
		a.LineStyle.Width = 0
	}
	return p
}

// cells draws the confusion matrix cells and their counts.
type cells struct{ counts [][]int }

// blues runs from white to dark blue, as matplotlib's "Blues".
var blues = []color.RGBA{rgb(0xf7fbff), rgb(0xc6dbef), rgb(0x6baed6), rgb(0x2171b5), rgb(0x08306b)}

// Plot draws every cell.
func (m *cells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	k := len(m.counts)
	size := vg.Points(12)
	if k > 12 {
		size = vg.Points(9)
	}
	sty := text.Style{
		Font:    font.From(sans, size),
		XAlign:  draw.XCenter,
		YAlign:  draw.YCenter,
		Handler: p.TextHandler,
	}
	for i, row := range m.counts {
		total := 0
		for _, n := range row {
			total += n
		}
		y := float64(k - 1 - i)
		for j, n := range row {
			share := 0.0
			if total > 0 {
				share = float64(n) / float64(total)
			}
			r := vg.Rectangle{
				Min: vg.Point{X: trX(float64(j) - 0.5), Y: trY(y - 0.5)},
				Max: vg.Point{X: trX(float64(j) + 0.5), Y: trY(y + 0.5)},
			}
			c.SetColor(along(blues, share))
			c.Fill(r.Path())
			c.SetLineStyle(draw.LineStyle{Color: color.White, Width: vg.Points(1)})
			c.Stroke(r.Path())
			sty.Color = color.Black
			if share > 0.5 {
				sty.Color = color.White
			}
			c.FillText(sty, vg.Point{X: trX(float64(j)), Y: trY(y)}, strconv.Itoa(n))
		}
	}
}

// DataRange spans the cells.
func (m *cells) DataRange() (xmin, xmax, ymin, ymax float64) {
	k := float64(len(m.counts))
	return -0.5, k - 0.5, -0.5, k - 0.5
}
