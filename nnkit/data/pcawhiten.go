package data

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// PCAWhiten decorrelates the features and scales them to unit variance by
// projecting onto the principal axes of the training data (PCA whitening):
//
//	Σ = (1/n) (x − μ)ᵀ (x − μ) = U Λ Uᵀ        population covariance
//	W = U (Λ + εI)^(−1/2)
//	z = (x − μ) W
//
// The columns of z are the principal components, largest variance first, so
// z is rotated relative to x ([ZCAWhiten] rotates back). The covariance of
// the whitened training data is (Λ + εI)⁻¹Λ: the identity when ε = 0, and
// slightly below it for directions whose variance λ is not large compared
// with ε. ε (field Epsilon) keeps directions of (near-)zero variance from
// being blown up by 1/√λ; with ε = 0, Fit returns an error when Σ is singular.
//
// The lecture calls this 白色化 (whitening): decorrelate, then standardize;
// it costs a singular value decomposition of the centred n×d data (O(n·d²)),
// which is why standardization is used more often. Fit takes U and Λ from
// that SVD, x − μ = S·diag(s)·Uᵀ with λ = s²/n (s²/(n−1) with Sample),
// which is more accurate for small λ than decomposing Σ.
type PCAWhiten struct {
	// Epsilon is ε, added to every eigenvalue. Default: 1e-5 (set by
	// NewPCAWhiten); 0 is allowed.
	Epsilon float64
	// Sample divides by n − 1 instead of n (the sample covariance, as
	// scikit-learn's PCA). Default: false, the lecture's population
	// covariance.
	Sample bool
	// Mean holds μ per feature; Fit sets it.
	Mean []float64
	// Variances holds the eigenvalues λ₁ ≥ … ≥ λ_d of Σ (scikit-learn's
	// explained_variance_ when Sample is set); Fit sets it.
	Variances []float64
	// Components holds U (d×d), one unit eigenvector per column in the order
	// of Variances; Fit sets it.
	Components *mat.Dense
	w, wInv    *mat.Dense
}

// NewPCAWhiten returns a PCAWhiten with ε = 1e-5.
func NewPCAWhiten() *PCAWhiten { return &PCAWhiten{Epsilon: 1e-5} }

// String returns ε and, once fitted, the number of features, e.g.
// "PCAWhiten(ε=1e-05, features=3)"; "sample covariance" is added when Sample
// is set.
func (p *PCAWhiten) String() string {
	if p.Sample {
		return fmt.Sprintf("PCAWhiten(ε=%g, sample covariance, features=%d)", p.Epsilon, len(p.Mean))
	}
	return fmt.Sprintf("PCAWhiten(ε=%g, features=%d)", p.Epsilon, len(p.Mean))
}

// ExplainedVarianceRatio returns the share of the total variance that each
// principal component carries, largest first:
//
//	ratioₖ = λₖ / Σⱼ λⱼ
//
// (scikit-learn's explained_variance_ratio_; the same for either
// covariance). Its running sum tells how many components keep, say, 95 % of
// the variance. It panics before Fit.
func (p *PCAWhiten) ExplainedVarianceRatio() []float64 {
	if p.Variances == nil {
		nnkit.Panicf("data: PCAWhiten.ExplainedVarianceRatio: call Fit first")
	}
	total := 0.0
	for _, l := range p.Variances {
		total += l
	}
	out := make([]float64, len(p.Variances))
	for k, l := range p.Variances {
		out[k] = l / total
	}
	return out
}

// Fit learns μ, Λ and U from x. It returns an error when Epsilon is negative,
// x has fewer than two rows or holds a NaN or ±Inf, or Σ + εI is singular.
func (p *PCAWhiten) Fit(x *mat.Dense) error {
	e, err := fitEigenCov("PCAWhiten", x, p.Epsilon, p.Sample)
	if err != nil {
		return err
	}
	p.Mean, p.Variances, p.Components = e.mean, e.lambda, e.u
	p.w = e.scaled(p.Epsilon, invSqrt)
	// W⁻¹ = (Λ + εI)^(1/2) Uᵀ.
	p.wInv = mat.DenseCopyOf(e.scaled(p.Epsilon, sqrt).T())
	return nil
}

// Transform returns z = (x − μ) W.
func (p *PCAWhiten) Transform(x *mat.Dense) *mat.Dense {
	checkApply("PCAWhiten", "Transform", len(p.Mean), x)
	return whiten(x, p.Mean, p.w)
}

// InverseTransform returns x = z W⁻¹ + μ.
func (p *PCAWhiten) InverseTransform(z *mat.Dense) *mat.Dense {
	checkApply("PCAWhiten", "InverseTransform", len(p.Mean), z)
	return unwhiten(z, p.Mean, p.wInv)
}
