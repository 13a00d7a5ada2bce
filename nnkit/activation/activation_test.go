package activation_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/activation"
	"github.com/nnbook/nnbook/nnkit/nntest"
)

// input is a 3×4 batch with no element near 0, where step and the ReLU
// family have their kink.
func input() *mat.Dense {
	return mat.NewDense(3, 4, []float64{
		-1.5, 0.3, 2.0, -0.2,
		0.7, -2.5, 0.1, 1.2,
		-0.05, 3.1, -0.8, 0.45,
	})
}

func TestConformance(t *testing.T) {
	for _, tc := range []struct {
		name string
		new  func() nnkit.Layer
	}{
		{"Step", func() nnkit.Layer { return activation.NewStep() }},
		{"Sigmoid", func() nnkit.Layer { return activation.NewSigmoid() }},
		{"Tanh", func() nnkit.Layer { return activation.NewTanh() }},
		{"ReLU", func() nnkit.Layer { return activation.NewReLU() }},
		{"LeakyReLU", func() nnkit.Layer { return activation.NewLeakyReLU(0.1) }},
		{"PReLU", func() nnkit.Layer { return activation.NewPReLU() }},
		{"RReLU", func() nnkit.Layer { return activation.NewRReLU(3) }},
		{"Identity", func() nnkit.Layer { return activation.NewIdentity() }},
		{"Softmax", func() nnkit.Layer { return activation.NewSoftmax() }},
	} {
		t.Run(tc.name, func(t *testing.T) { nntest.TestLayer(t, tc.new, input()) })
	}
}

// TestDeriv checks every Function's Deriv against a central difference of
// its Apply, away from the kink at 0.
func TestDeriv(t *testing.T) {
	const h, tol = 1e-6, 1e-8
	for _, f := range []activation.Function{
		activation.NewStep(), activation.NewSigmoid(), activation.NewTanh(),
		activation.NewReLU(), activation.NewLeakyReLU(0.2), activation.NewPReLU(),
		activation.NewRReLU(1), activation.NewIdentity(),
	} {
		for _, x := range []float64{-30, -3, -0.5, 0.25, 1, 4, 30} {
			num := (f.Apply(x+h) - f.Apply(x-h)) / (2 * h)
			if got := f.Deriv(x); math.Abs(got-num) > tol {
				t.Errorf("%v.Deriv(%v) = %v, central difference %v", f, x, got, num)
			}
		}
	}
}

// TestValues checks values computed by hand.
func TestValues(t *testing.T) {
	const tol = 1e-15
	for i, tc := range []struct {
		f       activation.Function
		x, want float64
	}{
		{activation.NewStep(), 0, 1},
		{activation.NewStep(), -1e-9, 0},
		{activation.NewSigmoid(), 0, 0.5},
		{activation.NewSigmoid(), -800, 0}, // no overflow: e⁸⁰⁰ = +Inf
		{activation.NewSigmoid(), 800, 1},
		{activation.NewSigmoid(), math.Log(3), 0.75},
		{activation.NewTanh(), 0, 0},
		{activation.NewReLU(), -2, 0},
		{activation.NewReLU(), 2, 2},
		{activation.NewLeakyReLU(0.1), -2, -0.2},
		{activation.NewPReLU(), -2, -0.5},
		{activation.NewRReLU(1), -24, -24 * (1.0/8 + 1.0/3) / 2},
		{activation.NewIdentity(), -7, -7},
	} {
		if got := tc.f.Apply(tc.x); math.Abs(got-tc.want) > tol {
			t.Errorf("%d: %v.Apply(%v) = %v, want %v", i, tc.f, tc.x, got, tc.want)
		}
	}
	// σ′ peaks at 0.25 and tanh′ at 1, both at x = 0 (lecture: "0〜0.25").
	if got := activation.NewSigmoid().Deriv(0); got != 0.25 {
		t.Errorf("σ′(0) = %v, want 0.25", got)
	}
	if got := activation.NewTanh().Deriv(0); got != 1 {
		t.Errorf("tanh′(0) = %v, want 1", got)
	}
}

func TestSoftmaxLargeScores(t *testing.T) {
	x := mat.NewDense(2, 3, []float64{1000, 1000, 1000, -1000, 0, 1000})
	y := activation.NewSoftmax().Forward(x, nnkit.Eval)
	want := mat.NewDense(2, 3, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3, 0, 0, 1})
	if !mat.EqualApprox(y, want, 1e-15) {
		t.Errorf("softmax of large scores = %v, want %v", mat.Formatted(y), mat.Formatted(want))
	}
}

func TestPReLULearnsAlpha(t *testing.T) {
	p := activation.NewPReLU()
	x := mat.NewDense(1, 3, []float64{-2, 3, -1})
	p.Forward(x, nnkit.Train)
	p.Backward(mat.NewDense(1, 3, []float64{1, 1, 0.5}))
	// ∂L/∂α = 1·(−2) + 0.5·(−1) = −2.5 (the positive input does not count).
	if got := p.Alpha.Grad.At(0, 0); got != -2.5 {
		t.Errorf("∂L/∂α = %v, want -2.5", got)
	}
}

func TestRReLU(t *testing.T) {
	r := activation.NewRReLU(5)
	x := mat.NewDense(1, 1000, nil)
	for j := range 1000 {
		x.Set(0, j, -1)
	}
	y := r.Forward(x, nnkit.Train)
	var sum float64
	for j := range 1000 {
		a := -y.At(0, j)
		if a < r.Lower || a > r.Upper {
			t.Fatalf("slope %v outside [%v, %v]", a, r.Lower, r.Upper)
		}
		sum += a
	}
	// The mean of 1000 draws from U(1/8, 1/3) is within 0.01 of 11/48
	// (standard error 0.06/√1000 ≈ 0.002).
	if mean := sum / 1000; math.Abs(mean-11.0/48) > 0.01 {
		t.Errorf("mean training slope %v, want ≈ %v", mean, 11.0/48)
	}
	ye := r.Forward(x, nnkit.Eval)
	if got, want := ye.At(0, 0), -11.0/48; math.Abs(got-want) > 1e-15 {
		t.Errorf("eval output %v, want %v", got, want)
	}
	// Same seed, same slopes.
	a, b := activation.NewRReLU(9), activation.NewRReLU(9)
	if !mat.Equal(a.Forward(x, nnkit.Train), b.Forward(x, nnkit.Train)) {
		t.Error("two RReLUs with the same seed drew different slopes")
	}
	if err := (&activation.RReLU{Lower: 0.5, Upper: 0.1}).Validate(); err == nil {
		t.Error("Validate accepted Lower > Upper")
	}
}

func TestSoftmaxRowPanicsOnLengths(t *testing.T) {
	err := nnkit.Maybe(func() { activation.SoftmaxRow(make([]float64, 2), make([]float64, 3)) })
	if err == nil {
		t.Fatal("no panic for mismatched lengths")
	}
	if want := "nnkit/activation: SoftmaxRow: dst has length 2, x has length 3"; err.Error() != want {
		t.Errorf("panic %q, want %q", err, want)
	}
}

func TestLeakyReLUValidate(t *testing.T) {
	if err := activation.NewLeakyReLU(math.NaN()).Validate(); err == nil {
		t.Error("Validate accepted α = NaN")
	}
	if err := activation.NewLeakyReLU(0.01).Validate(); err != nil {
		t.Errorf("Validate(0.01) = %v", err)
	}
}
