package data

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// eigenCov is the eigendecomposition of the population covariance matrix of
// the rows of x, shared by PCA and ZCA whitening:
//
//	Σ = (1/n) (x − μ)ᵀ (x − μ) = U Λ Uᵀ
//
// or of the sample covariance (1/(n−1))·(x − μ)ᵀ(x − μ), which has the
// same U and every λ larger by n/(n−1).
//
// with the eigenvalues λ₁ ≥ λ₂ ≥ … ≥ λ_d in Λ and the matching unit
// eigenvectors in the columns of U, each signed so that its largest
// component is positive.
type eigenCov struct {
	mean   []float64
	lambda []float64
	u      *mat.Dense
}

// fitEigenCov decomposes the covariance of x (the sample covariance when
// sample is set) and checks that every λ + ε is usable as a divisor.
func fitEigenCov(name string, x *mat.Dense, eps float64, sample bool) (eigenCov, error) {
	if !(eps >= 0) || math.IsInf(eps, 0) {
		return eigenCov{}, fmt.Errorf("data: %s: Epsilon is %g, want a finite value ≥ 0", name, eps)
	}
	if err := checkFinite(name+".Fit", x); err != nil {
		return eigenCov{}, err
	}
	r, c := x.Dims()
	if r < 2 {
		return eigenCov{}, fmt.Errorf("data: %s.Fit: x has %d row, want at least 2 to estimate a covariance", name, r)
	}
	mu := columnMeans(x)
	xc := mat.NewDense(r, c, nil)
	for i := range r {
		src, dst := x.RawRowView(i), xc.RawRowView(i)
		for j, v := range src {
			dst[j] = v - mu[j]
		}
	}
	// The singular values sₖ of x − μ give λₖ = sₖ²/n and its right singular
	// vectors give U; this is more accurate for small λ than decomposing Σ
	// itself, whose condition number is the square of that of x − μ.
	// With fewer rows than columns only the full V holds all d directions.
	kind := mat.SVDThinV
	if r < c {
		kind = mat.SVDFullV
	}
	var svd mat.SVD
	if !svd.Factorize(xc, kind) {
		return eigenCov{}, fmt.Errorf("data: %s.Fit: the SVD of the centred %d×%d data did not converge", name, r, c)
	}
	sv := svd.Values(nil)
	var v mat.Dense
	svd.VTo(&v)
	lambda := make([]float64, c)
	u := mat.NewDense(c, c, nil)
	dof := float64(r)
	if sample {
		dof = float64(r - 1)
	}
	for k := range c {
		if k < len(sv) {
			lambda[k] = sv[k] * sv[k] / dof
		}
		// Sign each eigenvector so that its largest component is positive.
		big := 0
		for i := range c {
			if math.Abs(v.At(i, k)) > math.Abs(v.At(big, k)) {
				big = i
			}
		}
		sign := 1.0
		if v.At(big, k) < 0 {
			sign = -1
		}
		for i := range c {
			u.Set(i, k, sign*v.At(i, k))
		}
	}
	// Σ is numerically singular when λ_min is within round-off of 0, the rank
	// tolerance of numpy's matrix_rank: d·λ_max·machine epsilon.
	if lmin := lambda[c-1] + eps; lmin <= float64(c)*0x1p-52*math.Max(lambda[0], math.SmallestNonzeroFloat64) {
		return eigenCov{}, fmt.Errorf("data: %s.Fit: the covariance is singular (smallest eigenvalue %.3g, largest %.3g); set Epsilon > 0 or remove redundant features", name, lambda[c-1], lambda[0])
	}
	return eigenCov{mean: mu, lambda: lambda, u: u}, nil
}

// scaled returns U·diag(f(λ + ε)).
func (e eigenCov) scaled(eps float64, f func(float64) float64) *mat.Dense {
	d := len(e.lambda)
	m := mat.NewDense(d, d, nil)
	for i := range d {
		for k := range d {
			m.Set(i, k, e.u.At(i, k)*f(e.lambda[k]+eps))
		}
	}
	return m
}

// whiten returns (x − μ)·w.
func whiten(x *mat.Dense, mean []float64, w *mat.Dense) *mat.Dense {
	r, c := x.Dims()
	xc := mat.NewDense(r, c, nil)
	for i := range r {
		src, dst := x.RawRowView(i), xc.RawRowView(i)
		for j, v := range src {
			dst[j] = v - mean[j]
		}
	}
	var z mat.Dense
	z.Mul(xc, w)
	return &z
}

// unwhiten returns z·wInv + μ.
func unwhiten(z *mat.Dense, mean []float64, wInv *mat.Dense) *mat.Dense {
	var x mat.Dense
	x.Mul(z, wInv)
	r, _ := x.Dims()
	for i := range r {
		row := x.RawRowView(i)
		for j := range row {
			row[j] += mean[j]
		}
	}
	return &x
}

func invSqrt(v float64) float64 { return 1 / math.Sqrt(v) }

func sqrt(v float64) float64 { return math.Sqrt(v) }
