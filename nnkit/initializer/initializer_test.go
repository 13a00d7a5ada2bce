package initializer_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit/initializer"
)

func moments(w *mat.Dense) (mean, std float64) {
	data := w.RawMatrix().Data
	for _, v := range data {
		mean += v
	}
	mean /= float64(len(data))
	for _, v := range data {
		std += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(std / float64(len(data)))
}

// TestMoments draws 200×300 = 60 000 weights from each initializer and
// compares the sample mean and standard deviation with the formula. The
// standard error of the sample standard deviation is about σ/√(2·60 000) ≈
// 0.3 % of σ; the tolerance is 2 %.
func TestMoments(t *testing.T) {
	const n, m = 200, 300
	for _, tc := range []struct {
		init      initializer.Initializer
		mean, std float64
	}{
		{initializer.XavierNormal{}, 0, 1 / math.Sqrt(n)},
		{initializer.GlorotUniform{}, 0, math.Sqrt(2.0 / (n + m))}, // Var U(−a,a) = a²/3 = 2/(n+m)
		{initializer.HeNormal{}, 0, math.Sqrt(2.0 / n)},
		{initializer.GlorotNormal{}, 0, math.Sqrt(2.0 / (n + m))},
		{initializer.HeUniform{}, 0, math.Sqrt(2.0 / n)}, // a²/3 with a = √(6/n)
		{initializer.Uniform{Low: -0.1, High: 0.3}, 0.1, 0.4 / math.Sqrt(12)},
		{initializer.Constant{Value: 0.7}, 0.7, 0},
		{initializer.Zeros{}, 0, 0},
	} {
		w := mat.NewDense(n, m, nil)
		w.Set(0, 0, 99) // overwritten by Fill
		tc.init.Fill(w, rand.New(rand.NewPCG(1, 2)))
		mean, std := moments(w)
		// The mean is allowed 4 standard errors σ/√(n·m); 1e-12 absorbs
		// rounding for the constant initializers.
		if math.Abs(mean-tc.mean) > 4*tc.std/math.Sqrt(n*m)+1e-12 || math.Abs(std-tc.std) > 0.02*tc.std+1e-12 {
			t.Errorf("%v: mean %v std %v, want %v and %v", tc.init, mean, std, tc.mean, tc.std)
		}
	}
}

func TestGlorotUniformBound(t *testing.T) {
	w := mat.NewDense(6, 10, nil)
	initializer.GlorotUniform{}.Fill(w, rand.New(rand.NewPCG(3, 3)))
	a := math.Sqrt(6.0 / 16)
	for _, v := range w.RawMatrix().Data {
		if math.Abs(v) > a {
			t.Fatalf("weight %v outside ±%v", v, a)
		}
	}
}

func TestSameSeedSameWeights(t *testing.T) {
	for _, init := range []initializer.Initializer{initializer.XavierNormal{}, initializer.GlorotUniform{}, initializer.HeNormal{}, initializer.GlorotNormal{}, initializer.HeUniform{}, initializer.Uniform{Low: -1, High: 1}} {
		a, b := mat.NewDense(4, 5, nil), mat.NewDense(4, 5, nil)
		init.Fill(a, rand.New(rand.NewPCG(7, 7)))
		init.Fill(b, rand.New(rand.NewPCG(7, 7)))
		if !mat.Equal(a, b) {
			t.Errorf("%v: same seed, different weights", init)
		}
	}
}

func TestUniformValidate(t *testing.T) {
	for _, u := range []initializer.Uniform{{Low: 1, High: 1}, {Low: 2, High: 1}, {Low: math.Inf(-1), High: 0}, {Low: math.NaN(), High: 1}} {
		if u.Validate() == nil {
			t.Errorf("Validate accepted %v", u)
		}
	}
	if err := (initializer.Uniform{Low: -1, High: 1}).Validate(); err != nil {
		t.Error(err)
	}
}
