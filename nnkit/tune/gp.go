package tune

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/nnbook/nnbook/nnkit"
)

// GP is Gaussian-process regression with a zero prior mean and a stationary
// kernel with one length scale per input (automatic relevance determination):
//
//	k(x, x′) = σ_f²·ρ(r),  r = √(Σ_d (x_d − x′_d)²/ℓ_d²)   (fields SignalVariance, LengthScales, Kernel)
//	y = f(x) + ε,  ε ~ N(0, σ_n²)                           (field NoiseVariance)
//
// Given n training points X (n×d, one per row) and targets y, with
// K = k(X, X) + σ_n²I = LLᵀ (Cholesky) and α = K⁻¹y, the posterior of the
// latent f at a point x* with k* = k(X, x*) is
//
//	μ(x*)  = k*ᵀα
//	σ²(x*) = σ_f² − vᵀv,   v = L⁻¹k*
//
// and the log marginal likelihood of the data is
//
//	log p(y | X) = −½ yᵀα − Σᵢ log Lᵢᵢ − (n/2)·log 2π
//
// [GP.MaximizeLikelihood] chooses ℓ, σ_f² and σ_n² by maximising it (type-II
// maximum likelihood). Reference: C. E. Rasmussen, C. K. I. Williams,
// "Gaussian Processes for Machine Learning", MIT Press 2006, Algorithm 2.1
// and equation 5.9, https://gaussianprocess.org/gpml/.
//
// Cost: O(n³) to fit, O(n²) per prediction; memory O(n²).
type GP struct {
	// Kernel is the correlation shape ρ, e.g. Matern52{} or RBF{}.
	Kernel Kernel
	// LengthScales are ℓ_d, one per input column, all positive. A
	// function varies along input d over distances of about ℓ_d.
	LengthScales []float64
	// SignalVariance is σ_f², the prior variance of f. Positive.
	SignalVariance float64
	// NoiseVariance is σ_n², the variance of the observation noise. Not
	// negative; a tiny positive value keeps K well conditioned.
	NoiseVariance float64

	x     *mat.Dense // training inputs, n×d
	lower []float64  // L, n×n row-major, lower triangle
	alpha []float64  // K⁻¹y
	logL  float64    // log marginal likelihood
}

// Bounds of the hyperparameters searched by MaximizeLikelihood, chosen for
// inputs in the unit cube and standardised targets.
const (
	minLengthScale, maxLengthScale       = 1e-2, 1e1
	minSignalVariance, maxSignalVariance = 1e-2, 1e2
	minNoiseVariance, maxNoiseVariance   = 1e-8, 1
)

// NewGP returns a GP with kernel k on d inputs, length scales 0.5, signal
// variance 1 and noise variance 1e-6: sensible starting values for inputs
// in the unit cube and targets with mean 0 and variance 1.
func NewGP(k Kernel, d int) *GP {
	ls := make([]float64, d)
	for i := range ls {
		ls[i] = 0.5
	}
	return &GP{Kernel: k, LengthScales: ls, SignalVariance: 1, NoiseVariance: 1e-6}
}

// Validate reports a missing kernel or a hyperparameter out of range.
func (g *GP) Validate() error {
	var errs []error
	if g.Kernel == nil {
		errs = append(errs, errors.New("nnkit/tune: GP has no Kernel; use Matern52{} or RBF{}"))
	}
	for d, l := range g.LengthScales {
		if !(l > 0) || math.IsInf(l, 0) {
			errs = append(errs, fmt.Errorf("nnkit/tune: GP length scale %d is %v, must be positive", d, l))
		}
	}
	if !(g.SignalVariance > 0) || math.IsInf(g.SignalVariance, 0) {
		errs = append(errs, fmt.Errorf("nnkit/tune: GP signal variance is %v, must be positive", g.SignalVariance))
	}
	if !(g.NoiseVariance >= 0) || math.IsInf(g.NoiseVariance, 0) {
		errs = append(errs, fmt.Errorf("nnkit/tune: GP noise variance is %v, must not be negative", g.NoiseVariance))
	}
	return errors.Join(errs...)
}

// String prints the hyperparameters, e.g.
// "GP(Matérn5/2, ℓ=[0.5 0.5], σf²=1, σn²=1e-06)".
func (g *GP) String() string {
	ls := make([]string, len(g.LengthScales))
	for i, l := range g.LengthScales {
		ls[i] = fmt.Sprintf("%.4g", l)
	}
	return fmt.Sprintf("GP(%v, ℓ=[%s], σf²=%.4g, σn²=%.4g)", g.Kernel, strings.Join(ls, " "), g.SignalVariance, g.NoiseVariance)
}

// Fit conditions the GP on the rows of x and the targets y with the current
// hyperparameters. It panics with an [nnkit.Error] when the shapes disagree
// and returns an error when the hyperparameters are invalid or K is not
// positive definite.
func (g *GP) Fit(x *mat.Dense, y []float64) error {
	g.checkShapes("Fit", x, y)
	if err := g.Validate(); err != nil {
		return err
	}
	logL, ok := g.condition(x, y, nil)
	if !ok {
		return fmt.Errorf("nnkit/tune: GP.Fit: covariance of %d points is not positive definite; raise NoiseVariance or remove repeated points", len(y))
	}
	g.logL = logL
	return nil
}

// LogLikelihood returns log p(y | X) of the data given to the last Fit.
func (g *GP) LogLikelihood() float64 { return g.logL }

// Predict returns the posterior mean μ(x) and variance σ²(x) of the latent
// function at x (without the observation noise). Before Fit it returns the
// prior, 0 and σ_f².
func (g *GP) Predict(x []float64) (mean, variance float64) {
	if g.x == nil {
		return 0, g.SignalVariance
	}
	n, d := g.x.Dims()
	if len(x) != d {
		nnkit.Panicf("nnkit/tune: GP.Predict: point has %d coordinates, the GP was fitted on %d", len(x), d)
	}
	k := make([]float64, n)
	for i := range k {
		k[i] = g.cov(g.x.RawRowView(i), x)
	}
	for i, ki := range k {
		mean += ki * g.alpha[i] // μ = k*ᵀα
	}
	// v = L⁻¹k* by forward substitution; σ² = σ_f² − vᵀv.
	variance = g.SignalVariance
	for i := range k {
		s := k[i]
		for j, lij := range g.lower[i*n : i*n+i] {
			s -= lij * k[j]
		}
		k[i] = s / g.lower[i*n+i]
		variance -= k[i] * k[i]
	}
	return mean, max(variance, 0)
}

// cov returns σ_f²·ρ(r) between a and b.
func (g *GP) cov(a, b []float64) float64 {
	rho, _ := g.Kernel.Correlation(g.distance(a, b))
	return g.SignalVariance * rho
}

// distance returns the scaled distance r between a and b.
func (g *GP) distance(a, b []float64) float64 {
	r2 := 0.0
	for d, l := range g.LengthScales {
		t := (a[d] - b[d]) / l
		r2 += t * t
	}
	return math.Sqrt(r2)
}

func (g *GP) checkShapes(method string, x *mat.Dense, y []float64) {
	n, d := x.Dims()
	if n != len(y) {
		nnkit.Panicf("nnkit/tune: GP.%s: x has %d rows, y has %d values", method, n, len(y))
	}
	if d != len(g.LengthScales) {
		nnkit.Panicf("nnkit/tune: GP.%s: x has %d columns, the GP has %d length scales", method, d, len(g.LengthScales))
	}
}

// condition factorises K for the current hyperparameters, stores the
// posterior state and returns log p(y | X). When grad is not nil it also
// stores the gradient of log p with respect to (log ℓ_1, …, log ℓ_d,
// log σ_f², log σ_n²):
//
//	∂ log p / ∂θⱼ = ½ tr((ααᵀ − K⁻¹) ∂K/∂θⱼ)
//	∂K/∂log σ_f² = σ_f²·ρ(r),   ∂K/∂log σ_n² = σ_n²·I
//	∂Kᵢⱼ/∂log ℓ_d = −σ_f²·(ρ′(r)/r)·(xᵢ_d − xⱼ_d)²/ℓ_d²
//
// (Rasmussen & Williams, equation 5.9). It returns false when K is not
// positive definite.
func (g *GP) condition(x *mat.Dense, y []float64, grad []float64) (float64, bool) {
	n, d := x.Dims()
	sf2, sn2 := g.SignalVariance, g.NoiseVariance
	// K, lower triangle, row-major; the upper triangle keeps σ_f²·ρ′(r)/r
	// for the gradient.
	k := make([]float64, n*n)
	for i := range n {
		xi := x.RawRowView(i)
		for j := range i {
			rho, slope := g.Kernel.Correlation(g.distance(xi, x.RawRowView(j)))
			k[i*n+j], k[j*n+i] = sf2*rho, sf2*slope
		}
		k[i*n+i] = sf2 + sn2
	}
	// K = LLᵀ, in place (lapack's dpotrf; no condition estimate).
	kRho := slices.Clone(k) // σ_f²·ρ below the diagonal, σ_f²·ρ′/r above
	chol, ok := lapack64.Potrf(blas64.Symmetric{Uplo: blas.Lower, N: n, Stride: n, Data: k})
	if !ok {
		return math.NaN(), false
	}
	// α = K⁻¹y
	a := slices.Clone(y)
	lapack64.Potrs(chol, blas64.General{Rows: n, Cols: 1, Stride: 1, Data: a})
	g.x = mat.DenseCopyOf(x)
	g.lower, g.alpha = k, a

	// log p = −½ yᵀα − Σ log Lᵢᵢ − (n/2) log 2π
	logL := -float64(n) / 2 * math.Log(2*math.Pi)
	for i := range n {
		logL -= 0.5*y[i]*a[i] + math.Log(k[i*n+i])
	}
	if grad == nil {
		return logL, true
	}

	// K⁻¹ from L, lower triangle (dpotri).
	kInv := slices.Clone(k)
	if _, ok := lapack64.Potri(blas64.Triangular{Uplo: blas.Lower, Diag: blas.NonUnit, N: n, Stride: n, Data: kInv}); !ok {
		return math.NaN(), false
	}
	clear(grad)
	for i := range n {
		xi := x.RawRowView(i)
		for j := range i {
			// W = ααᵀ − K⁻¹ is symmetric: each pair i > j counts twice.
			w := a[i]*a[j] - kInv[i*n+j]
			xj := x.RawRowView(j)
			grad[d] += w * kRho[i*n+j]
			s := -kRho[j*n+i]
			for k, l := range g.LengthScales {
				t := (xi[k] - xj[k]) / l
				grad[k] += w * s * t * t
			}
		}
		w := a[i]*a[i] - kInv[i*n+i]
		grad[d] += 0.5 * w * sf2
		grad[d+1] += 0.5 * w * sn2
	}
	return logL, true
}

// MaximizeLikelihood chooses the length scales, the signal variance and the
// noise variance that maximise log p(y | X), then conditions the GP on the
// data as Fit does. It runs L-BFGS (gonum/optimize) over the logarithms of
// the hyperparameters, each mapped into a box by a logistic function,
//
//	log θ = log θ_min + (log θ_max − log θ_min)·σ(u)
//
// with ℓ ∈ [0.01, 10], σ_f² ∈ [0.01, 100] and σ_n² ∈ [1e-8, 1] (ranges
// for inputs scaled to the unit cube and targets standardised to mean 0 and
// variance 1), from the current hyperparameters and from restarts more
// starting points drawn by rnd; the best optimum wins. The likelihood is
// multimodal, hence the restarts.
func (g *GP) MaximizeLikelihood(x *mat.Dense, y []float64, restarts int, rnd *rand.Rand) error {
	g.checkShapes("MaximizeLikelihood", x, y)
	if err := g.Validate(); err != nil {
		return err
	}
	_, d := x.Dims()
	lo, hi := make([]float64, d+2), make([]float64, d+2)
	for k := range d {
		lo[k], hi[k] = math.Log(minLengthScale), math.Log(maxLengthScale)
	}
	lo[d], hi[d] = math.Log(minSignalVariance), math.Log(maxSignalVariance)
	lo[d+1], hi[d+1] = math.Log(minNoiseVariance), math.Log(maxNoiseVariance)

	// set stores the hyperparameters for the unconstrained point u.
	set := func(u []float64) {
		for k, uk := range u {
			t := lo[k] + (hi[k]-lo[k])*sigmoid(uk)
			switch {
			case k < d:
				g.LengthScales[k] = math.Exp(t)
			case k == d:
				g.SignalVariance = math.Exp(t)
			default:
				g.NoiseVariance = math.Exp(t)
			}
		}
	}
	// eval returns −log p and its gradient with respect to u, remembering
	// the last point: L-BFGS asks for the value and the gradient at the same
	// point in two calls.
	var (
		lastU, lastGrad []float64
		lastF           float64
		gradLog         = make([]float64, d+2)
	)
	eval := func(u []float64) ([]float64, float64) {
		if slices.Equal(u, lastU) {
			return lastGrad, lastF
		}
		set(u)
		lastU, lastGrad, lastF = slices.Clone(u), make([]float64, len(u)), math.Inf(1)
		if logL, ok := g.condition(x, y, gradLog); ok {
			lastF = -logL
			for k, uk := range u {
				s := sigmoid(uk)
				lastGrad[k] = -gradLog[k] * (hi[k] - lo[k]) * s * (1 - s) // chain rule through σ(u)
			}
		}
		return lastGrad, lastF
	}
	problem := optimize.Problem{
		Func: func(u []float64) float64 {
			_, f := eval(u)
			return f
		},
		Grad: func(grad, u []float64) {
			g, _ := eval(u)
			copy(grad, g)
		},
	}
	// The current hyperparameters, clamped into the box, start the first run.
	start := make([]float64, d+2)
	cur := append(append([]float64(nil), g.LengthScales...), g.SignalVariance, g.NoiseVariance)
	for k, v := range cur {
		p := (math.Log(v) - lo[k]) / (hi[k] - lo[k])
		start[k] = logit(min(max(p, 0.01), 0.99))
	}
	best, bestF := append([]float64(nil), start...), problem.Func(start)
	settings := &optimize.Settings{MajorIterations: 30, FuncEvaluations: 50, GradientThreshold: 1e-6}
	for run := range restarts + 1 {
		if run > 0 {
			for k := range start {
				start[k] = logit(0.05 + 0.9*rnd.Float64())
			}
		}
		res, err := optimize.Minimize(problem, start, settings, &optimize.LBFGS{})
		if res == nil || err != nil && math.IsInf(res.F, 0) {
			continue
		}
		if res.F < bestF {
			best, bestF = res.X, res.F
		}
	}
	if math.IsInf(bestF, 0) {
		return fmt.Errorf("nnkit/tune: GP.MaximizeLikelihood: covariance of %d points is not positive definite for any hyperparameters tried; remove repeated points", len(y))
	}
	set(best)
	return g.Fit(x, y)
}

func sigmoid(u float64) float64 { return 1 / (1 + math.Exp(-u)) }

func logit(p float64) float64 { return math.Log(p / (1 - p)) }
