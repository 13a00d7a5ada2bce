package layer_test

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/initializer"
	"github.com/nnbook/nnbook/nnkit/layer"
	"github.com/nnbook/nnbook/nnkit/nntest"
)

func input() *mat.Dense {
	return mat.NewDense(4, 3, []float64{
		0.5, -1.2, 2.0,
		-0.3, 0.8, 0.1,
		1.7, 0.4, -0.9,
		-1.1, -0.6, 0.3,
	})
}

func TestConformance(t *testing.T) {
	for _, tc := range []struct {
		name string
		new  func() nnkit.Layer
	}{
		{"Dense", func() nnkit.Layer { return layer.NewDense(3, 5) }},
		{"DenseHe", func() nnkit.Layer {
			return layer.NewDenseWith(layer.DenseConfig{In: 3, Out: 2, Init: initializer.HeNormal{}, Seed: 4})
		}},
		{"Dropout", func() nnkit.Layer { return layer.NewDropout(0.4, 2) }},
		{"BatchNorm", func() nnkit.Layer {
			b := layer.NewBatchNorm(3)
			// Non-trivial γ, β and running statistics.
			b.Gamma.Value = mat.NewDense(1, 3, []float64{1.5, -0.7, 0.9})
			b.Beta.Value = mat.NewDense(1, 3, []float64{0.1, 0.2, -0.3})
			b.RunningMean = mat.NewDense(1, 3, []float64{0.2, -0.1, 0.4})
			b.RunningVar = mat.NewDense(1, 3, []float64{1.3, 0.6, 2.2})
			return b
		}},
		{"Perceptron", func() nnkit.Layer {
			p := layer.NewPerceptron(3, 2)
			p.W.Value = mat.NewDense(3, 2, []float64{0.3, -0.2, 0.5, 0.1, -0.4, 0.6})
			return p
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { nntest.TestLayer(t, tc.new, input()) })
	}
}

// TestDenseByHand checks Forward and Backward against values worked out by
// hand for a 2→2 layer.
func TestDenseByHand(t *testing.T) {
	d := layer.NewDense(2, 2)
	d.W.Value = mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	d.B.Value = mat.NewDense(1, 2, []float64{0.5, -1})
	x := mat.NewDense(1, 2, []float64{1, -1})
	// y = [1·1 + (−1)·3 + 0.5, 1·2 + (−1)·4 − 1] = [−1.5, −3]
	if y := d.Forward(x, nnkit.Train); !mat.Equal(y, mat.NewDense(1, 2, []float64{-1.5, -3})) {
		t.Errorf("y = %v, want [-1.5 -3]", mat.Formatted(y))
	}
	dx := d.Backward(mat.NewDense(1, 2, []float64{1, 2}))
	// ∂L/∂x = [1·1 + 2·2, 1·3 + 2·4] = [5, 11]; ∂L/∂W = xᵀ[1 2]; ∂L/∂b = [1 2]
	if !mat.Equal(dx, mat.NewDense(1, 2, []float64{5, 11})) {
		t.Errorf("∂L/∂x = %v, want [5 11]", mat.Formatted(dx))
	}
	if want := mat.NewDense(2, 2, []float64{1, 2, -1, -2}); !mat.Equal(d.W.Grad, want) {
		t.Errorf("∂L/∂W = %v, want %v", mat.Formatted(d.W.Grad), mat.Formatted(want))
	}
	// Gradients accumulate until zeroed.
	d.Forward(x, nnkit.Train)
	d.Backward(mat.NewDense(1, 2, []float64{1, 2}))
	if want := mat.NewDense(1, 2, []float64{2, 4}); !mat.Equal(d.B.Grad, want) {
		t.Errorf("∂L/∂b after two steps = %v, want %v", mat.Formatted(d.B.Grad), mat.Formatted(want))
	}
}

func TestShapePanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func()
		want string
	}{
		{"Dense", func() { layer.NewDense(4, 8).Forward(mat.NewDense(2, 3, nil), nnkit.Eval) },
			"nnkit/layer: Dense.Forward: input is 2×3, layer expects 4 columns (W is 4×8)"},
		{"DenseBackward", func() {
			d := layer.NewDense(3, 2)
			d.Forward(mat.NewDense(5, 3, nil), nnkit.Train)
			d.Backward(mat.NewDense(5, 3, nil))
		}, "nnkit/layer: Dense.Backward: gradient is 5×3, output of Forward was 5×2"},
		{"BatchNorm", func() { layer.NewBatchNorm(4).Forward(mat.NewDense(2, 3, nil), nnkit.Train) },
			"nnkit/layer: BatchNorm.Forward: input is 2×3, layer normalises 4 features (γ is 1×4)"},
		{"Perceptron", func() { layer.NewPerceptron(2, 1).Forward(mat.NewDense(4, 3, nil), nnkit.Eval) },
			"nnkit/layer: Perceptron.Forward: input is 4×3, unit expects 2 columns (W is 2×1)"},
		{"DenseConfig", func() { layer.NewDense(0, 3) },
			"nnkit/layer: Dense needs positive In and Out, got In=0 Out=3"},
	} {
		err := nnkit.Maybe(tc.fn)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: panic %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestDenseSeed(t *testing.T) {
	c := layer.DenseConfig{In: 5, Out: 4, Init: initializer.GlorotUniform{}, Seed: 9}
	a, b := layer.NewDenseWith(c), layer.NewDenseWith(c)
	if !mat.Equal(a.W.Value, b.W.Value) {
		t.Error("same seed gave different weights")
	}
	c.Seed = 10
	if mat.Equal(a.W.Value, layer.NewDenseWith(c).W.Value) {
		t.Error("different seeds gave the same weights")
	}
	if err := (layer.DenseConfig{In: 2, Out: 2}).Validate(); err == nil || !strings.Contains(err.Error(), "no Init") {
		t.Errorf("Validate without Init = %v, want an error naming Init", err)
	}
}

func TestDropout(t *testing.T) {
	const n, p = 200, 0.3
	x := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			x.Set(i, j, 1)
		}
	}
	d := layer.NewDropout(p, 1)
	y := d.Forward(x, nnkit.Train)
	var kept int
	for i := range n {
		for j := range n {
			switch v := y.At(i, j); v {
			case 0:
			case 1 / (1 - p):
				kept++
			default:
				t.Fatalf("y[%d,%d] = %v, want 0 or %v", i, j, v, 1/(1-p))
			}
		}
	}
	// 40 000 Bernoulli(0.7) draws: standard deviation of the fraction ≈ 0.0023.
	if frac := float64(kept) / (n * n); math.Abs(frac-(1-p)) > 0.01 {
		t.Errorf("kept fraction %v, want ≈ %v", frac, 1-p)
	}
	if y := d.Forward(x, nnkit.Eval); y != x {
		t.Error("Eval Forward did not return its input")
	}
	if err := layer.NewDropout(1, 1).Validate(); err == nil {
		t.Error("Validate accepted rate 1")
	}
}

func TestBatchNorm(t *testing.T) {
	b := layer.NewBatchNorm(3)
	x := input()
	y := b.Forward(x, nnkit.Train)
	n, d := y.Dims()
	for j := range d {
		var mu, v float64
		for i := range n {
			mu += y.At(i, j)
		}
		mu /= float64(n)
		for i := range n {
			v += (y.At(i, j) - mu) * (y.At(i, j) - mu)
		}
		v /= float64(n)
		// Variance is σ²/(σ²+ε), just below 1.
		if math.Abs(mu) > 1e-12 || math.Abs(v-1) > 1e-4 {
			t.Errorf("feature %d: mean %v variance %v, want 0 and ≈1", j, mu, v)
		}
	}
	// Running mean after one step: 0.9·0 + 0.1·μ; μ of column 0 is 0.2.
	if got := b.RunningMean.At(0, 0); math.Abs(got-0.02) > 1e-15 {
		t.Errorf("running mean %v, want 0.02", got)
	}
	// Eval with fresh statistics (μ̄ = 0, σ̄² = 1) is nearly the identity.
	e := layer.NewBatchNorm(3).Forward(x, nnkit.Eval)
	if !mat.EqualApprox(e, x, 1e-5) {
		t.Errorf("eval with initial statistics = %v, want ≈ x", mat.Formatted(e))
	}
}

func TestPerceptronLearn(t *testing.T) {
	x := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	and := mat.NewDense(4, 1, []float64{0, 0, 0, 1})
	p := layer.NewPerceptron(2, 1)
	// First pass from zero weights, worked by hand with η = 1:
	// (0,0): z=0 → y=1, t=0: b=−1. (0,1): z=−1 → 0 ok. (1,0): ok.
	// (1,1): z=−1 → 0, t=1: W=[1 1], b=0. Two samples were wrong.
	if got := p.Learn(x, and, 1); got != 2 {
		t.Errorf("mistakes in the first epoch = %d, want 2", got)
	}
	if want := mat.NewDense(2, 1, []float64{1, 1}); !mat.Equal(p.W.Value, want) {
		t.Errorf("W = %v, want [1 1]ᵀ", mat.Formatted(p.W.Value))
	}
}
