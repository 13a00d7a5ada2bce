package data

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Standardize shifts and scales each feature to mean 0 and variance 1 over
// the training data (z-scores):
//
//	μⱼ = (1/n) Σᵢ xᵢⱼ
//	σⱼ² = (1/n) Σᵢ (xᵢⱼ − μⱼ)²      population variance (divide by n)
//	x′ = (x − μ) / σ
//
// σ is the population standard deviation (ddof = 0), as in scikit-learn's
// StandardScaler, so the transformed training data have population variance
// exactly 1; the sample variance (divide by n − 1) would be n/(n−1). A
// feature that is constant in the training data gets σ = 1 (it is only
// centred), as in scikit-learn.
type Standardize struct {
	// Mean holds μ per feature; Fit sets it.
	Mean []float64
	// Scale holds σ per feature (1 for a constant feature); Fit sets it.
	Scale []float64
}

// NewStandardize returns an unfitted Standardize scaler.
func NewStandardize() *Standardize { return &Standardize{} }

// String returns the name and, once fitted, the number of features.
func (s *Standardize) String() string {
	return fmt.Sprintf("Standardize(features=%d)", len(s.Mean))
}

// Fit learns μ and σ per feature from x. It returns an error when x is empty
// or holds a NaN or ±Inf.
func (s *Standardize) Fit(x *mat.Dense) error {
	if err := checkFinite("Standardize.Fit", x); err != nil {
		return err
	}
	r, c := x.Dims()
	mu := columnMeans(x)
	// σ² with the two-pass formula, which avoids the cancellation of E[x²] − μ².
	sigma := make([]float64, c)
	for i := range r {
		for j, v := range x.RawRowView(i) {
			d := v - mu[j]
			sigma[j] += d * d
		}
	}
	for j := range sigma {
		sigma[j] = math.Sqrt(sigma[j] / float64(r))
		if sigma[j] == 0 {
			sigma[j] = 1
		}
	}
	s.Mean, s.Scale = mu, sigma
	return nil
}

// Transform returns (x − μ) / σ.
func (s *Standardize) Transform(x *mat.Dense) *mat.Dense {
	checkApply("Standardize", "Transform", len(s.Mean), x)
	return affine(x, s.Mean, s.Scale, 0)
}

// InverseTransform returns x·σ + μ.
func (s *Standardize) InverseTransform(x *mat.Dense) *mat.Dense {
	checkApply("Standardize", "InverseTransform", len(s.Mean), x)
	return unaffine(x, s.Mean, s.Scale, 0)
}
