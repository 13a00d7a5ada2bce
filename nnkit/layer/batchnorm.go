package layer

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Layer     = (*BatchNorm)(nil)
	_ nnkit.Validator = (*BatchNorm)(nil)
)

// BatchNorm is batch normalisation over the features (Ioffe & Szegedy, 2015,
// https://arxiv.org/abs/1502.03167), against internal covariate shift. For
// every feature (column) j of a batch of n rows:
//
//	Train:  μⱼ = (1/n) Σᵢ xᵢⱼ,   σ²ⱼ = (1/n) Σᵢ (xᵢⱼ − μⱼ)²
//	        x̂ᵢⱼ = (xᵢⱼ − μⱼ) / √(σ²ⱼ + ε)
//	        yᵢⱼ = γⱼ·x̂ᵢⱼ + βⱼ
//	        μ̄ⱼ ← ρ·μ̄ⱼ + (1−ρ)·μⱼ,   σ̄²ⱼ ← ρ·σ̄²ⱼ + (1−ρ)·σ²ⱼ
//	Eval:   yᵢⱼ = γⱼ·(xᵢⱼ − μ̄ⱼ) / √(σ̄²ⱼ + ε) + βⱼ
//
// with ε = Epsilon and ρ = Momentum. Backward in Train mode (the batch
// statistics depend on x):
//
//	∂L/∂γⱼ = Σᵢ ∂L/∂yᵢⱼ · x̂ᵢⱼ,   ∂L/∂βⱼ = Σᵢ ∂L/∂yᵢⱼ
//	∂L/∂xᵢⱼ = γⱼ / (n·√(σ²ⱼ + ε)) · (n·∂L/∂yᵢⱼ − Σₖ ∂L/∂yₖⱼ − x̂ᵢⱼ·Σₖ ∂L/∂yₖⱼ·x̂ₖⱼ)
//
// The running variance uses the biased batch variance, as Keras does
// (PyTorch keeps the unbiased one). γ ("gamma", 1×d) starts at 1, β
// ("beta", 1×d) at 0, μ̄ at 0 and σ̄² at 1. State: four 1×d vectors.
type BatchNorm struct {
	// Gamma holds the scale γ (1×d), named "gamma".
	Gamma *nnkit.Param
	// Beta holds the shift β (1×d), named "beta".
	Beta *nnkit.Param
	// RunningMean holds μ̄ (1×d), used in Eval mode.
	RunningMean *mat.Dense
	// RunningVar holds σ̄² (1×d), used in Eval mode.
	RunningVar *mat.Dense
	// Momentum is ρ, the weight of the old running statistics. Default: 0.9
	// (set by NewBatchNorm; PyTorch's momentum=0.1 is ρ = 0.9).
	Momentum float64
	// Epsilon is ε, added to the variance. Default: 1e-5 (set by
	// NewBatchNorm).
	Epsilon float64

	mode   nnkit.Mode
	xhat   *mat.Dense // x̂ of the last Forward
	invStd []float64  // 1/√(σ² + ε) per feature, of the last Forward
	y, dx  *mat.Dense
}

// NewBatchNorm returns batch normalisation over d features with γ = 1,
// β = 0, ρ = 0.9 and ε = 1e-5. It panics if d is not positive.
func NewBatchNorm(d int) *BatchNorm {
	if d <= 0 {
		nnkit.Panicf("nnkit/layer: NewBatchNorm: need a positive number of features, got %d", d)
	}
	ones := make([]float64, d)
	for j := range ones {
		ones[j] = 1
	}
	return &BatchNorm{
		Gamma:       nnkit.NewParam("gamma", mat.NewDense(1, d, ones)),
		Beta:        nnkit.NewParam("beta", mat.NewDense(1, d, nil)),
		RunningMean: mat.NewDense(1, d, nil),
		RunningVar:  mat.NewDense(1, d, append([]float64(nil), ones...)),
		Momentum:    0.9,
		Epsilon:     1e-5,
		invStd:      make([]float64, d),
	}
}

// Forward normalises every feature of x (n×d → n×d) with the batch
// statistics in Train mode, updating the running ones, or with the running
// statistics in Eval mode.
func (b *BatchNorm) Forward(x *mat.Dense, mode nnkit.Mode) *mat.Dense {
	n, d := x.Dims()
	if _, bd := b.Gamma.Value.Dims(); d != bd {
		nnkit.Panicf("nnkit/layer: BatchNorm.Forward: input is %d×%d, layer normalises %d features (γ is 1×%d)", n, d, bd, bd)
	}
	b.mode = mode
	b.xhat = nnkit.Reuse(b.xhat, n, d)
	b.y = nnkit.Reuse(b.y, n, d)
	gamma, beta := b.Gamma.Value.RawRowView(0), b.Beta.Value.RawRowView(0)
	rMean, rVar := b.RunningMean.RawRowView(0), b.RunningVar.RawRowView(0)
	for j := 0; j < d; j++ {
		var mu, variance float64
		if mode == nnkit.Train {
			for i := 0; i < n; i++ {
				mu += x.At(i, j)
			}
			mu /= float64(n) // μ
			for i := 0; i < n; i++ {
				v := x.At(i, j) - mu
				variance += v * v
			}
			variance /= float64(n) // σ²
			rMean[j] = b.Momentum*rMean[j] + (1-b.Momentum)*mu
			rVar[j] = b.Momentum*rVar[j] + (1-b.Momentum)*variance
		} else {
			mu, variance = rMean[j], rVar[j]
		}
		inv := 1 / math.Sqrt(variance+b.Epsilon)
		b.invStd[j] = inv
		for i := 0; i < n; i++ {
			xh := (x.At(i, j) - mu) * inv // x̂
			b.xhat.Set(i, j, xh)
			b.y.Set(i, j, gamma[j]*xh+beta[j]) // γ·x̂ + β
		}
	}
	return b.y
}

// Backward adds ∂L/∂γ and ∂L/∂β to the gradients and returns ∂L/∂x (n×d).
func (b *BatchNorm) Backward(dOut *mat.Dense) *mat.Dense {
	if b.xhat == nil {
		nnkit.Panicf("nnkit/layer: BatchNorm.Backward called before Forward")
	}
	n, d := b.xhat.Dims()
	if r, c := dOut.Dims(); r != n || c != d {
		nnkit.Panicf("nnkit/layer: BatchNorm.Backward: gradient is %d×%d, output of Forward was %d×%d", r, c, n, d)
	}
	b.dx = nnkit.Reuse(b.dx, n, d)
	gamma := b.Gamma.Value.RawRowView(0)
	dGamma, dBeta := b.Gamma.Grad.RawRowView(0), b.Beta.Grad.RawRowView(0)
	for j := 0; j < d; j++ {
		var sumDy, sumDyXhat float64
		for i := 0; i < n; i++ {
			dy := dOut.At(i, j)
			sumDy += dy
			sumDyXhat += dy * b.xhat.At(i, j)
		}
		dGamma[j] += sumDyXhat // ∂L/∂γ
		dBeta[j] += sumDy      // ∂L/∂β
		if b.mode != nnkit.Train {
			// Running statistics are constants: y is affine in x.
			for i := 0; i < n; i++ {
				b.dx.Set(i, j, dOut.At(i, j)*gamma[j]*b.invStd[j])
			}
			continue
		}
		k := gamma[j] * b.invStd[j] / float64(n)
		for i := 0; i < n; i++ {
			b.dx.Set(i, j, k*(float64(n)*dOut.At(i, j)-sumDy-b.xhat.At(i, j)*sumDyXhat))
		}
	}
	return b.dx
}

// Params returns γ and β.
func (b *BatchNorm) Params() []*nnkit.Param { return []*nnkit.Param{b.Gamma, b.Beta} }

// Buffers returns the running mean and variance, the state that Eval mode
// uses and that is learned without gradients; saving a model includes it.
func (b *BatchNorm) Buffers() []*mat.Dense { return []*mat.Dense{b.RunningMean, b.RunningVar} }

// Validate reports a momentum outside [0, 1] or a non-positive ε.
func (b *BatchNorm) Validate() error {
	if !(b.Momentum >= 0 && b.Momentum <= 1) {
		return fmt.Errorf("nnkit/layer: BatchNorm momentum must be in [0, 1], got %v", b.Momentum)
	}
	if !(b.Epsilon > 0) {
		return fmt.Errorf("nnkit/layer: BatchNorm epsilon must be positive, got %v", b.Epsilon)
	}
	return nil
}

// String returns e.g. "BatchNorm(8, ρ=0.9, ε=1e-05)".
func (b *BatchNorm) String() string {
	_, d := b.Gamma.Value.Dims()
	return fmt.Sprintf("BatchNorm(%d, ρ=%g, ε=%g)", d, b.Momentum, b.Epsilon)
}
