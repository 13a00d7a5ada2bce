package data

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// ZCAWhiten decorrelates the features and scales them to unit variance while
// staying as close as possible to the original axes (zero-phase component
// analysis; Bell & Sejnowski, 1997):
//
//	Σ = (1/n) (x − μ)ᵀ (x − μ) = U Λ Uᵀ        population covariance
//	W = U (Λ + εI)^(−1/2) Uᵀ                    symmetric, W = Σ^(−1/2) when ε = 0
//	z = (x − μ) W
//
// ZCA is PCA whitening followed by the rotation Uᵀ back to the input axes, so
// each output column still belongs to one input feature (whitened images
// still look like images). The covariance of the whitened training data is
// U (Λ + εI)⁻¹Λ Uᵀ, the identity when ε = 0. ε (field Epsilon) keeps
// directions of (near-)zero variance from being blown up; with ε = 0, Fit
// returns an error when Σ is singular.
type ZCAWhiten struct {
	// Epsilon is ε, added to every eigenvalue. Default: 1e-5 (set by
	// NewZCAWhiten); 0 is allowed.
	Epsilon float64
	// Mean holds μ per feature; Fit sets it.
	Mean []float64
	// W holds the d×d whitening matrix; Fit sets it.
	W    *mat.Dense
	wInv *mat.Dense
}

// NewZCAWhiten returns a ZCAWhiten with ε = 1e-5.
func NewZCAWhiten() *ZCAWhiten { return &ZCAWhiten{Epsilon: 1e-5} }

// String returns ε and, once fitted, the number of features.
func (z *ZCAWhiten) String() string {
	return fmt.Sprintf("ZCAWhiten(ε=%g, features=%d)", z.Epsilon, len(z.Mean))
}

// Fit learns μ and W from x. It returns an error when Epsilon is negative, x
// has fewer than two rows or holds a NaN or ±Inf, or Σ + εI is singular.
func (z *ZCAWhiten) Fit(x *mat.Dense) error {
	e, err := fitEigenCov("ZCAWhiten", x, z.Epsilon, false)
	if err != nil {
		return err
	}
	z.Mean = e.mean
	var w, wInv mat.Dense
	w.Mul(e.scaled(z.Epsilon, invSqrt), e.u.T())
	wInv.Mul(e.scaled(z.Epsilon, sqrt), e.u.T())
	z.W, z.wInv = &w, &wInv
	return nil
}

// Transform returns (x − μ) W.
func (z *ZCAWhiten) Transform(x *mat.Dense) *mat.Dense {
	checkApply("ZCAWhiten", "Transform", len(z.Mean), x)
	return whiten(x, z.Mean, z.W)
}

// InverseTransform returns x W⁻¹ + μ with W⁻¹ = U (Λ + εI)^(1/2) Uᵀ.
func (z *ZCAWhiten) InverseTransform(x *mat.Dense) *mat.Dense {
	checkApply("ZCAWhiten", "InverseTransform", len(z.Mean), x)
	return unwhiten(x, z.Mean, z.wInv)
}
