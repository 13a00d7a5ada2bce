package nnplot_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/nnbook/nnbook/nnkit/nnplot"
)

// BenchmarkRender times building and rendering figures: "live" is the small
// curve Progress draws at every redraw, the others the full-size figures.
func BenchmarkRender(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	loss := make([]float64, 256)
	for i := range loss {
		loss[i] = math.Exp(-float64(i)/50) * (1 + 0.1*rng.NormFloat64())
	}
	x, labels := blobs(rng, 100, 0.6, [2]float64{0, 0}, [2]float64{3, 1}, [2]float64{1, 3})
	nearest := nnplot.PointClassifier(func(x, y float64) int {
		if x > y {
			return 1
		}
		return 0
	})
	curves := func() nnplot.Figure {
		return nnplot.Curves{Series: []nnplot.Series{{Name: "train", Y: loss}}}.Plot()
	}
	for _, bc := range []struct {
		name string
		r    nnplot.Renderer
		svg  bool
		fig  func() nnplot.Figure
	}{
		{"live/png", nnplot.Renderer{Width: 4.8 * vg.Inch, Height: 1.9 * vg.Inch, DPI: 96}, false, curves},
		{"curves/png", nnplot.Renderer{}, false, curves},
		{"curves/svg", nnplot.Renderer{}, true, curves},
		{"regions/png", nnplot.Renderer{}, false, func() nnplot.Figure {
			return nnplot.DecisionRegions("", x, labels, nearest)
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				var err error
				if bc.svg {
					_, err = bc.r.SVG(bc.fig())
				} else {
					_, err = bc.r.PNG(bc.fig())
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
