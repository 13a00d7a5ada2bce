package nnplot_test

import (
	"bytes"
	"errors"
	"image/png"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/nnplot"
)

// TestPanics checks the panic contract: misuse panics with an nnkit.Error
// whose message starts with "nnplot:" and names what was wrong.
func TestPanics(t *testing.T) {
	two := mat.NewDense(2, 2, []float64{0, 0, 1, 1})
	for _, tc := range []struct {
		name string
		fn   func()
		want string
	}{
		{"x per value", func() {
			nnplot.Curves{Series: []nnplot.Series{{Name: "train", Y: []float64{1, 2}, X: []float64{1}}}}.Plot()
		}, `series "train" has 1 x positions for 2 values`},
		{"labels per point", func() { nnplot.Scatter("", two, []int{0}) }, "1 labels for 2 points"},
		{"negative class", func() { nnplot.Scatter("", two, []int{0, -1}) }, "label -1 of point 1 is negative"},
		{"one column", func() { nnplot.Embedding("", mat.NewDense(2, 1, nil), []int{0, 1}) }, "want at least 2 columns"},
		{"classifier length", func() {
			nnplot.DecisionRegions("", two, []int{0, 1}, func(*mat.Dense) []int { return []int{0} })
		}, "classifier returned 1 classes for 90000 points"},
		{"short point", func() { nnplot.Path("adam", [][]float64{{1, 2}, {3}}) }, "point 1 has 1 coordinates"},
		{"names per norm", func() { nnplot.GradientNorms("", []string{"a"}, []float64{1, 2}) }, "1 layer names for 2 norms"},
		{"not square", func() { nnplot.ConfusionMatrix("", [][]int{{1, 2}, {3}}, nil) }, "row 1 has 1 counts, want 2"},
		{"class names", func() { nnplot.ConfusionMatrix("", [][]int{{1}}, []string{"a", "b"}) }, "2 class names for a 1×1 matrix"},
		{"image size", func() { nnplot.Images("", mat.NewDense(1, 10, nil), 3, 3, nil, 0) }, "rows have 10 values, want h×w = 3×3 = 9"},
		{"image labels", func() { nnplot.Images("", mat.NewDense(1, 4, nil), 2, 2, []string{"a", "b"}, 0) }, "2 labels for 1 images"},
		{"unscale shape", func() {
			nnplot.ImageGrid{X: mat.NewDense(2, 4, nil), H: 2, W: 2, Unscale: unscale{1}}.Grid()
			nnplot.ImageGrid{X: mat.NewDense(2, 4, nil), H: 2, W: 2, Unscale: dropRow{}}.Grid()
		}, "Unscale returned 1×4 for 2×4 images"},
		{"points without X", func() { nnplot.Points{}.Plot() }, "X is nil"},
		{"values per point", func() { nnplot.Points{X: two, Value: []float64{1}}.Plot() }, "1 values for 2 points"},
		{"non-finite value", func() { nnplot.Points{X: two, Value: []float64{1, math.NaN()}}.Plot() }, "value 1 is NaN"},
		{"no layers", func() { nnplot.Network{}.Plot() }, "no layers"},
		{"empty layer", func() { nnplot.Network{Layers: []int{2, 0}}.Plot() }, "layer 1 has 0 units"},
		{"dropped unit", func() { nnplot.Network{Layers: []int{2, 3}, Dropped: [][]int{nil, {3}}}.Plot() }, "unit 3 of layer 1, which does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := nnkit.Maybe(tc.fn)
			var e nnkit.Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want an nnkit.Error panic", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "nnplot: ") || !strings.Contains(msg, tc.want) {
				t.Errorf("panic %q, want the prefix \"nnplot: \" and %q", msg, tc.want)
			}
		})
	}
}

// TestEdgeCases draws figures from empty, constant and non-finite data: they
// must render at the requested size without panicking.
func TestEdgeCases(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		name string
		fig  func() nnplot.Figure
	}{
		{"no functions", func() nnplot.Figure { return nnplot.Functions("", -1, 1) }},
		{"function of NaN", func() nnplot.Figure {
			return nnplot.Functions("", -1, 1, nnplot.Func{Name: "log", F: math.Log, D: nnplot.Derivative(math.Log)})
		}},
		{"empty curves", func() nnplot.Figure { return nnplot.Curves{}.Plot() }},
		{"empty series", func() nnplot.Figure { return nnplot.Curves{Series: []nnplot.Series{{Name: "train"}}}.Plot() }},
		{"diverged", func() nnplot.Figure {
			return nnplot.Curves{Log: true, Stop: 2, Series: []nnplot.Series{{Name: "train", Y: []float64{1, 0.5, nan, inf}}}}.Plot()
		}},
		{"log of zeros", func() nnplot.Figure {
			return nnplot.Curves{Log: true, Series: []nnplot.Series{{Name: "train", Y: []float64{0, 0}}}}.Plot()
		}},
		{"single sample", func() nnplot.Figure { return nnplot.Scatter("", mat.NewDense(1, 2, []float64{1, 1}), []int{3}) }},
		{"regions of one point", func() nnplot.Figure {
			return nnplot.DecisionRegions("", mat.NewDense(1, 2, []float64{1, 1}), []int{0},
				nnplot.PointClassifier(func(x, y float64) int { return -1 }))
		}},
		{"flat contour", func() nnplot.Figure {
			return nnplot.Contour{F: func(x, y float64) float64 { return 1 }}.Plot()
		}},
		{"contour of NaN", func() nnplot.Figure {
			return nnplot.Contour{F: func(x, y float64) float64 { return math.Log(x) }, Log: true,
				Trajectories: []nnplot.Trajectory{{Name: "none"}}}.Plot()
		}},
		{"no histograms", func() nnplot.Figure { return nnplot.Histograms("", 0) }},
		{"constant histogram", func() nnplot.Figure {
			return nnplot.Histograms("", 5, nnplot.Sample{Name: "a", Values: []float64{2, 2, nan}})
		}},
		{"no layers", func() nnplot.Figure { return nnplot.GradientNorms("", nil, nil) }},
		{"zero gradients", func() nnplot.Figure { return nnplot.GradientNorms("", []string{"a", "b"}, []float64{0, 0}) }},
		{"empty confusion", func() nnplot.Figure { return nnplot.ConfusionMatrix("", nil, nil) }},
		{"constant images", func() nnplot.Figure { return nnplot.Images("", mat.NewDense(3, 4, nil), 2, 2, nil, 2) }},
		{"empty grid", func() nnplot.Figure { return nnplot.NewGrid("", 0) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := nnplot.Renderer{Width: 300, Height: 200, DPI: 72}.PNG(tc.fig())
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds().Size(); got.X != 300 || got.Y != 200 {
				t.Errorf("image is %v, want 300×200", got)
			}
		})
	}
}

func TestSaveErrors(t *testing.T) {
	p := nnplot.Functions("", -1, 1)
	dir := t.TempDir()
	for _, tc := range []struct {
		name, file string
		r          nnplot.Renderer
		want       string
	}{
		{"extension", "fig.jpg", nnplot.Renderer{}, `extension ".jpg" is not .png or .svg`},
		{"directory", filepath.Join("missing", "fig.png"), nnplot.Renderer{}, "no such file or directory"},
		{"negative DPI", "fig.png", nnplot.Renderer{DPI: -1}, "DPI is -1"},
	} {
		err := tc.r.Save(filepath.Join(dir, tc.file), p)
		if err == nil || !strings.HasPrefix(err.Error(), "nnplot: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Save = %v, want an nnplot error about %q", tc.name, err, tc.want)
		}
	}
	for _, name := range []string{"fig.png", "fig.svg", "FIG.SVG"} {
		if err := nnplot.Save(filepath.Join(dir, name), p); err != nil {
			t.Errorf("Save(%s) = %v", name, err)
		}
	}
}

func TestRendererSize(t *testing.T) {
	g := nnplot.NewGrid("", 1)
	g.Width, g.Height = 200, 100 // points
	for _, tc := range []struct {
		name string
		r    nnplot.Renderer
		fig  nnplot.Figure
		w, h int // pixels
	}{
		{"default", nnplot.Renderer{}, nnplot.Functions("", 0, 1), 640, 420},
		{"grid's own size", nnplot.Renderer{DPI: 72}, g, 200, 100},
		{"width only keeps the aspect", nnplot.Renderer{Width: 100, DPI: 72}, g, 100, 50},
		{"height only keeps the aspect", nnplot.Renderer{Height: 210, DPI: 72}, nnplot.Functions("", 0, 1), 320, 210},
	} {
		b, err := tc.r.PNG(tc.fig)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if got := img.Bounds().Size(); got.X != tc.w || got.Y != tc.h {
			t.Errorf("%s: image is %d×%d, want %d×%d", tc.name, got.X, got.Y, tc.w, tc.h)
		}
	}
}

// dropRow is an Inverter that loses a row, for TestPanics.
type dropRow struct{}

func (dropRow) InverseTransform(x *mat.Dense) *mat.Dense {
	_, c := x.Dims()
	return mat.DenseCopyOf(x.Slice(0, 1, 0, c))
}
