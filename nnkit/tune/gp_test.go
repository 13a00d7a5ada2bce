package tune_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit/tune"
)

// TestGPPosteriorByHand checks the posterior mean and variance and the log
// marginal likelihood against the 3×3 algebra written out by hand.
//
// Inputs X = (0, 1, 2), targets y = (1, −1, 2), RBF kernel with ℓ = 1,
// σ_f² = 1, so k(x, x′) = exp(−(x − x′)²/2). With a = e^(−1/2), b = e^(−2)
// and d = 1 + σ_n² on the diagonal,
//
//	    ⎡d a b⎤
//	K = ⎢a d a⎥     det K = d³ − 2a²d + 2a²b − b²d
//	    ⎣b a d⎦
//
// and K⁻¹ = C/det K with the cofactors
//
//	C₁₁ = C₃₃ = d² − a²    C₂₂ = d² − b²
//	C₁₂ = C₂₃ = −a(d − b)  C₁₃ = a² − bd
//
// At x* = ½, k* = (c, c, e) with c = e^(−1/8), e = e^(−9/8), and
//
//	μ(x*) = k*ᵀK⁻¹y,   σ²(x*) = 1 − k*ᵀK⁻¹k*
//	log p(y) = −½ yᵀK⁻¹y − ½ log det K − (3/2) log 2π
//
// The test evaluates these scalar formulas directly, with no matrix code.
func TestGPPosteriorByHand(t *testing.T) {
	const tol = 1e-12
	x := mat.NewDense(3, 1, []float64{0, 1, 2})
	y := []float64{1, -1, 2}
	a, b := math.Exp(-0.5), math.Exp(-2)
	c, e := math.Exp(-1.0/8), math.Exp(-9.0/8)
	for _, noise := range []float64{0, 0.1} {
		d := 1 + noise
		det := d*d*d - 2*a*a*d + 2*a*a*b - b*b*d
		kInv := [3][3]float64{
			{d*d - a*a, -a * (d - b), a*a - b*d},
			{-a * (d - b), d*d - b*b, -a * (d - b)},
			{a*a - b*d, -a * (d - b), d*d - a*a},
		}
		for i := range kInv {
			for j := range kInv[i] {
				kInv[i][j] /= det
			}
		}
		quad := func(u, v []float64) float64 { // uᵀK⁻¹v
			s := 0.0
			for i := range 3 {
				for j := range 3 {
					s += u[i] * kInv[i][j] * v[j]
				}
			}
			return s
		}
		kStar := []float64{c, c, e}
		wantMean := quad(kStar, y)
		wantVar := 1 - quad(kStar, kStar)
		wantLogL := -0.5*quad(y, y) - 0.5*math.Log(det) - 1.5*math.Log(2*math.Pi)

		g := &tune.GP{Kernel: tune.RBF{}, LengthScales: []float64{1}, SignalVariance: 1, NoiseVariance: noise}
		if err := g.Fit(x, y); err != nil {
			t.Fatalf("noise %v: Fit: %v", noise, err)
		}
		mean, variance := g.Predict([]float64{0.5})
		if math.Abs(mean-wantMean) > tol || math.Abs(variance-wantVar) > tol {
			t.Errorf("noise %v: Predict(0.5) = (%.15g, %.15g), want (%.15g, %.15g)", noise, mean, variance, wantMean, wantVar)
		}
		if got := g.LogLikelihood(); math.Abs(got-wantLogL) > tol {
			t.Errorf("noise %v: LogLikelihood = %.15g, want %.15g", noise, got, wantLogL)
		}
	}
	// Without noise the posterior interpolates: mean y and variance 0 at
	// the training points.
	g := &tune.GP{Kernel: tune.RBF{}, LengthScales: []float64{1}, SignalVariance: 1}
	if err := g.Fit(x, y); err != nil {
		t.Fatal(err)
	}
	for i, yi := range y {
		m, v := g.Predict(x.RawRowView(i))
		if math.Abs(m-yi) > 1e-9 || v > 1e-9 {
			t.Errorf("Predict(x%d) = (%g, %g), want (%g, 0)", i, m, v, yi)
		}
	}
}

// TestKernels checks ρ(0) = 1, a value of each formula, and ρ′(r)/r
// against central differences of ρ.
func TestKernels(t *testing.T) {
	const h, tol = 1e-6, 1e-7
	for _, tc := range []struct {
		k        tune.Kernel
		r, wantR float64 // ρ(r), computed by hand
	}{
		{tune.RBF{}, 2, math.Exp(-2)},
		{tune.Matern52{}, 1, (1 + math.Sqrt(5) + 5.0/3) * math.Exp(-math.Sqrt(5))},
	} {
		if rho, _ := tc.k.Correlation(0); rho != 1 {
			t.Errorf("%v: ρ(0) = %g, want 1", tc.k, rho)
		}
		if rho, _ := tc.k.Correlation(tc.r); math.Abs(rho-tc.wantR) > 1e-15 {
			t.Errorf("%v: ρ(%g) = %g, want %g", tc.k, tc.r, rho, tc.wantR)
		}
		for _, r := range []float64{0.1, 0.7, 1.5, 3} {
			up, _ := tc.k.Correlation(r + h)
			down, _ := tc.k.Correlation(r - h)
			_, got := tc.k.Correlation(r)
			if want := (up - down) / (2 * h) / r; math.Abs(got-want) > tol {
				t.Errorf("%v: ρ′(%g)/r = %g, central difference gives %g", tc.k, r, got, want)
			}
		}
	}
}

// TestGPMaximizeLikelihood checks that fitting the hyperparameters raises
// the likelihood above that of the starting values and recovers a length
// scale of the right size from samples of sin(2πx)-like data.
func TestGPMaximizeLikelihood(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 1))
	n := 20
	x := mat.NewDense(n, 2, nil)
	y := make([]float64, n)
	for i := range n {
		x1, x2 := rnd.Float64(), rnd.Float64()
		x.Set(i, 0, x1)
		x.Set(i, 1, x2)
		y[i] = math.Sin(2 * math.Pi * x1) // x2 is irrelevant
	}
	g := tune.NewGP(tune.Matern52{}, 2)
	if err := g.Fit(x, y); err != nil {
		t.Fatal(err)
	}
	before := g.LogLikelihood()
	if err := g.MaximizeLikelihood(x, y, 2, rnd); err != nil {
		t.Fatal(err)
	}
	if after := g.LogLikelihood(); after <= before {
		t.Errorf("log likelihood %g after fitting, %g before", after, before)
	}
	// The irrelevant input gets a longer length scale (automatic relevance
	// determination).
	if l := g.LengthScales; l[1] <= 2*l[0] {
		t.Errorf("length scales %v: want the second (irrelevant) input's much longer", l)
	}
}

func TestGPPanics(t *testing.T) {
	g := tune.NewGP(tune.RBF{}, 2)
	for _, tc := range []struct {
		name string
		fn   func()
	}{
		{"rows", func() { _ = g.Fit(mat.NewDense(3, 2, nil), []float64{1, 2}) }},
		{"columns", func() { _ = g.Fit(mat.NewDense(2, 3, nil), []float64{1, 2}) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: Fit did not panic", tc.name)
				}
			}()
			tc.fn()
		}()
	}
	if err := (&tune.GP{LengthScales: []float64{-1}, SignalVariance: 1}).Fit(mat.NewDense(1, 1, nil), []float64{0}); err == nil {
		t.Error("Fit with no kernel and a negative length scale: no error")
	}
}
