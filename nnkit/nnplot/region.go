package nnplot

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/nnbook/nnbook/nnkit"
)

// Classifier predicts the class (counted from 0) of each row of an n×2 batch
// of points. [LayerClassifier] makes one from a network, [PointClassifier]
// from a function of one point.
type Classifier func(x *mat.Dense) []int

// LayerClassifier classifies with l.Forward in nnkit.Eval mode followed by
// [Classes]: the highest-scoring column, or a threshold at 0.5 for a
// single-column (sigmoid) output.
func LayerClassifier(l nnkit.Layer) Classifier {
	return func(x *mat.Dense) []int { return Classes(l.Forward(x, nnkit.Eval)) }
}

// Classes turns n×k scores into n classes: the index of the largest score
// in each row, or, when k = 1, class 1 where the score is ≥ 0.5 and 0
// elsewhere.
func Classes(scores *mat.Dense) []int {
	n, k := scores.Dims()
	out := make([]int, n)
	for i := range out {
		if k == 1 {
			if scores.At(i, 0) >= 0.5 {
				out[i] = 1
			}
			continue
		}
		for j := 1; j < k; j++ {
			if scores.At(i, j) > scores.At(i, out[i]) {
				out[i] = j
			}
		}
	}
	return out
}

// PointClassifier adapts a function of one point to a Classifier.
func PointClassifier(f func(x, y float64) int) Classifier {
	return func(x *mat.Dense) []int {
		n, _ := x.Dims()
		out := make([]int, n)
		for i := range out {
			out[i] = f(x.At(i, 0), x.At(i, 1))
		}
		return out
	}
}

// regionCells is the number of grid cells along each axis of a decision
// region image.
const regionCells = 300

// DecisionRegions plots the points x (n×2) by class, named classes[k] as in
// [Scatter], over the regions where classify predicts each class: classify
// is called once on a 300×300 grid (90000 rows) covering the data with a 10%
// margin. Regions are pale versions of the class colours, with the
// boundaries drawn darker.
func DecisionRegions(title string, x *mat.Dense, labels []int, classify Classifier, classes ...string) *plot.Plot {
	xMin, xMax, yMin, yMax := bounds(x)
	grid := mat.NewDense(regionCells*regionCells, 2, nil)
	for r := range regionCells {
		for c := range regionCells {
			i := r*regionCells + c
			grid.Set(i, 0, xMin+(float64(c)+0.5)*(xMax-xMin)/regionCells)
			grid.Set(i, 1, yMax-(float64(r)+0.5)*(yMax-yMin)/regionCells) // row 0 is the top
		}
	}
	pred := classify(grid)
	if len(pred) != regionCells*regionCells {
		nnkit.Panicf("nnplot: DecisionRegions: classifier returned %d classes for %d points", len(pred), regionCells*regionCells)
	}
	img := image.NewRGBA(image.Rect(0, 0, regionCells, regionCells))
	at := func(r, c int) int { return pred[r*regionCells+c] }
	for r := range regionCells {
		for c := range regionCells {
			k := at(r, c)
			edge := (c+1 < regionCells && at(r, c+1) != k) || (r+1 < regionCells && at(r+1, c) != k)
			img.SetRGBA(c, r, regionColor(k, edge))
		}
	}
	p := newPlot(title, "x₁", "x₂")
	p.Add(plotter.NewImage(img, xMin, yMin, xMax, yMax))
	points := addClasses(p, x, labels, classes, 3.5, 0xff)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xMin, xMax, yMin, yMax
	p.X.Padding, p.Y.Padding = 0, 0 // the regions reach the axes
	return finish(p, len(labels) > 0, points...)
}

// regionColor is the fill of class k's region, darker on its boundary.
// Negative classes (no prediction) are white.
func regionColor(k int, edge bool) color.RGBA {
	if k < 0 {
		return color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	}
	if edge {
		return tint(colorAt(k), 0.35)
	}
	return tint(colorAt(k), 0.78)
}

// bounds returns the range of the first two columns of x widened by 10% on
// each side (or by 1 when a range is empty).
func bounds(x *mat.Dense) (xMin, xMax, yMin, yMax float64) {
	n, _ := x.Dims()
	if n == 0 {
		return -1, 1, -1, 1
	}
	xMin, xMax, yMin, yMax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := range n {
		xMin, xMax = math.Min(xMin, x.At(i, 0)), math.Max(xMax, x.At(i, 0))
		yMin, yMax = math.Min(yMin, x.At(i, 1)), math.Max(yMax, x.At(i, 1))
	}
	widen := func(lo, hi float64) (float64, float64) {
		m := 0.1 * (hi - lo)
		if m == 0 {
			m = 1
		}
		return lo - m, hi + m
	}
	xMin, xMax = widen(xMin, xMax)
	yMin, yMax = widen(yMin, yMax)
	return xMin, xMax, yMin, yMax
}
