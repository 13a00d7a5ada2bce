package nnplot

import (
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/nnbook/nnbook/nnkit"
)

// Func is a named function of one variable with, optionally, its derivative.
type Func struct {
	// Name labels the curve in the legend, e.g. "σ(x)" or "ReLU".
	Name string
	// F is the function.
	F func(x float64) float64
	// D is the derivative F′, drawn dashed in the same colour and labelled
	// with a prime ("σ′(x)"); nil draws none. [Derivative] approximates it.
	D func(x float64) float64
}

// samples is the number of points at which Functions evaluates each curve.
const samples = 501

// Functions plots fs on [lo, hi], each in its own colour, with its derivative
// dashed when Func.D is set.
func Functions(title string, lo, hi float64, fs ...Func) *plot.Plot {
	p := newPlot(title, "x", "")
	addGrid(p)
	var avoid []plotter.XYs
	for i, f := range fs {
		l := sampled(f.F, lo, hi)
		l.LineStyle = lineStyle(i)
		p.Add(l)
		p.Legend.Add(f.Name, l)
		avoid = append(avoid, l.XYs)
		if f.D != nil {
			d := sampled(f.D, lo, hi)
			d.LineStyle = lineStyle(i)
			d.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
			p.Add(d)
			p.Legend.Add(prime(f.Name), d)
			avoid = append(avoid, d.XYs)
		}
	}
	p.X.Min, p.X.Max = lo, hi
	return finish(p, len(fs) > 0, avoid...)
}

// sampled returns f on [lo, hi] as a line; points where f is not finite
// are left out.
func sampled(f func(float64) float64, lo, hi float64) *plotter.Line {
	xys := make(plotter.XYs, 0, samples)
	for i := range samples {
		x := lo + (hi-lo)*float64(i)/(samples-1)
		y := f(x)
		if math.IsNaN(y) || math.IsInf(y, 0) {
			continue
		}
		xys = append(xys, plotter.XY{X: x, Y: y})
	}
	return &plotter.Line{XYs: xys}
}

// prime returns the derivative's legend label: "σ(x)" becomes "σ′(x)",
// "ReLU" becomes "ReLU′".
func prime(name string) string {
	if i := strings.Index(name, "("); i > 0 && strings.HasSuffix(name, ")") {
		return name[:i] + "′" + name[i:]
	}
	return name + "′"
}

// Derivative approximates f′ by central differences,
//
//	f′(x) ≈ (f(x+h) − f(x−h)) / 2h,   h = 10⁻⁵·max(1, |x|),
//
// whose error is O(h²) where f is smooth; at a kink (ReLU at 0) it gives the
// mean of the one-sided slopes.
func Derivative(f func(float64) float64) func(float64) float64 {
	return func(x float64) float64 {
		h := 1e-5 * math.Max(1, math.Abs(x))
		return (f(x+h) - f(x-h)) / (2 * h)
	}
}

// Activation returns an element-wise activation layer as a Func: F runs
// l.Forward on a 1×1 input in nnkit.Eval mode and D runs l.Backward with
// ∂L/∂y = 1, so the plotted derivative is the one the layer back-propagates.
func Activation(name string, l nnkit.Layer) Func {
	one := mat.NewDense(1, 1, []float64{1})
	forward := func(x float64) float64 {
		return l.Forward(mat.NewDense(1, 1, []float64{x}), nnkit.Eval).At(0, 0)
	}
	return Func{
		Name: name,
		F:    forward,
		D: func(x float64) float64 {
			forward(x)
			return l.Backward(one).At(0, 0)
		},
	}
}
