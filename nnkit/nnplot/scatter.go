package nnplot

import (
	"fmt"
	"image/color"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnbook/nnbook/nnkit"
)

// glyphs are the point shapes of classes 0, 1, 2, … (modulo their number), so
// classes stay apart in grey-scale print too.
var glyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}}

// Scatter plots the rows of x (n×2) as points coloured and shaped by class;
// labels[i] is the class of row i, counted from 0. The legend names class k
// classes[k], or "クラス k" when classes has no entry k, and the axes are x₁
// and x₂; [Points] also takes feature names, and plots continuous data.
func Scatter(title string, x *mat.Dense, labels []int, classes ...string) *plot.Plot {
	return Points{Title: title, X: x, Labels: labels, Classes: classes}.Plot()
}

// Embedding plots a learned embedding z (n×d) coloured by class, named
// classes[k] in the legend as in [Scatter]. When d > 2 it shows the
// projection on the first two principal components (and says so on the
// axes), so a 32-dimensional embedding can be looked at directly.
func Embedding(title string, z *mat.Dense, labels []int, classes ...string) *plot.Plot {
	_, d := z.Dims()
	xLabel, yLabel := "z₁", "z₂"
	if d > 2 {
		z = principal2(z)
		xLabel, yLabel = "第 1 主成分 (PC 1)", "第 2 主成分 (PC 2)"
	}
	p := newPlot(title, xLabel, yLabel)
	addGrid(p)
	points := addClasses(p, z, labels, classes, 2.5, 0xb0)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = bounds(z)
	return finish(p, len(labels) > 0, points...)
}

// principal2 returns the projection of the rows of z on its first two
// principal components.
func principal2(z *mat.Dense) *mat.Dense {
	var pc stat.PC
	if !pc.PrincipalComponents(z, nil) {
		nnkit.Panicf("nnplot: Embedding: principal component analysis of a %d×%d embedding failed", z.RawMatrix().Rows, z.RawMatrix().Cols)
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	var proj mat.Dense
	proj.Mul(z, vecs.Slice(0, vecs.RawMatrix().Rows, 0, 2))
	return &proj
}

// addClasses adds one scatter per class present in labels, in class order,
// named names[k] in the legend ("クラス k" when names is shorter), and
// returns their points.
func addClasses(p *plot.Plot, x *mat.Dense, labels []int, names []string, radius vg.Length, alpha uint8) []plotter.XYs {
	n, d := x.Dims()
	if n != len(labels) {
		nnkit.Panicf("nnplot: %d labels for %d points, want one label per row", len(labels), n)
	}
	if d < 2 {
		nnkit.Panicf("nnplot: points are %d×%d, want at least 2 columns", n, d)
	}
	byClass := map[int]plotter.XYs{}
	maxClass := -1
	for i, k := range labels {
		if k < 0 {
			nnkit.Panicf("nnplot: label %d of point %d is negative, want classes counted from 0", k, i)
		}
		byClass[k] = append(byClass[k], plotter.XY{X: x.At(i, 0), Y: x.At(i, 1)})
		maxClass = max(maxClass, k)
	}
	var all []plotter.XYs
	for k := 0; k <= maxClass; k++ {
		xys, ok := byClass[k]
		if !ok {
			continue
		}
		s := &plotter.Scatter{XYs: xys, GlyphStyle: classGlyph(k, radius, alpha)}
		p.Add(s)
		p.Legend.Add(className(k, names), s)
		all = append(all, xys)
	}
	return all
}

// classGlyph is the point style of class k.
func classGlyph(k int, radius vg.Length, alpha uint8) draw.GlyphStyle {
	c := tint(colorAt(k), 0)
	c.A = alpha
	return draw.GlyphStyle{
		Color:  color.NRGBA(c),
		Radius: vg.Points(float64(radius)),
		Shape:  glyphs[k%len(glyphs)],
	}
}

// className is names[k], or "クラス k" when names has no entry k.
func className(k int, names []string) string {
	if k < len(names) {
		return names[k]
	}
	return fmt.Sprintf("クラス %d", k)
}
