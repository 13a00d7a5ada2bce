package optim_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/optim"
)

// gradParams returns parameters whose gradients hold the given rows.
func gradParams(grads ...[][]float64) []*nnkit.Param {
	var ps []*nnkit.Param
	for _, g := range grads {
		p := nnkit.NewParam("w", mat.NewDense(len(g), len(g[0]), nil))
		setMatrix(p.Grad, g)
		ps = append(ps, p)
	}
	return ps
}

func TestClipNorm(t *testing.T) {
	const tol = 1e-15
	for i, test := range []struct {
		grads   [][][]float64
		maxNorm float64
		norm    float64       // hand-computed global norm
		want    [][][]float64 // gradients after clipping
	}{
		// ‖(3, 4, 12)‖ = 13; clipping to 6.5 halves every element.
		{[][][]float64{{{3, 4}}, {{12}}}, 6.5, 13, [][][]float64{{{1.5, 2}}, {{6}}}},
		// Already short enough: unchanged.
		{[][][]float64{{{3, 4}}, {{12}}}, 13, 13, [][][]float64{{{3, 4}}, {{12}}}},
		{[][][]float64{{{3}, {-4}}}, 1, 5, [][][]float64{{{0.6}, {-0.8}}}},
		{[][][]float64{{{0, 0}}}, 1, 0, [][][]float64{{{0, 0}}}},
	} {
		ps := gradParams(test.grads...)
		if got := optim.ClipNorm(ps, test.maxNorm); math.Abs(got-test.norm) > tol {
			t.Errorf("%d: norm = %v, want %v", i, got, test.norm)
		}
		for k, p := range ps {
			if want := mat.NewDense(len(test.want[k]), len(test.want[k][0]), flat(test.want[k])); !mat.EqualApprox(p.Grad, want, tol) {
				t.Errorf("%d: gradient %d = %v, want %v", i, k, mat.Formatted(p.Grad), mat.Formatted(want))
			}
		}
	}
}

func TestClipValue(t *testing.T) {
	ps := gradParams([][]float64{{-3, 0.5}, {2, -0.25}}, [][]float64{{1, -1}})
	optim.ClipValue(ps, 1)
	for k, want := range [][]float64{{-1, 0.5, 1, -0.25}, {1, -1}} {
		if got := ps[k].Grad.RawMatrix().Data; !slices.Equal(got, want) {
			t.Errorf("gradient %d = %v, want %v", k, got, want)
		}
	}
}

func TestClipPanics(t *testing.T) {
	ps := gradParams([][]float64{{1}})
	for _, test := range []struct {
		name string
		fn   func()
		want string
	}{
		{"ClipNorm", func() { optim.ClipNorm(ps, 0) }, "nnkit/optim: ClipNorm: maxNorm must be positive, got 0"},
		{"ClipValue", func() { optim.ClipValue(ps, math.NaN()) }, "nnkit/optim: ClipValue: limit must be positive, got NaN"},
	} {
		if err := nnkit.Maybe(test.fn); err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("%s: got %v, want a panic %q", test.name, err, test.want)
		}
	}
}

func flat(rows [][]float64) []float64 {
	var out []float64
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}
