package optim

import (
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Optimizer          = (*AMSBound)(nil)
	_ nnkit.LearningRateSetter = (*AMSBound)(nil)
	_ nnkit.Validator          = (*AMSBound)(nil)
)

// AMSBound is [AdaBound] built on AMSGrad instead of Adam: the second moment
// used in the step never decreases (Luo, Xiong, Liu & Sun, 2019). For each
// parameter θ with gradient g, at its step t = 1, 2, …:
//
//	g    ← g + λ·θ                          (weight decay; field WeightDecay)
//	m    ← β₁·m + (1−β₁)·g                  (first moment; field Beta1)
//	v    ← β₂·v + (1−β₂)·g²                 (second moment; field Beta2)
//	vMax ← max(vMax, v)                     (largest second moment so far)
//	η* = η_f·η/η₀                           (final rate; fields FinalLearningRate, LearningRate)
//	η_l(t) = η*·(1 − 1/(γ·t + 1))           (lower bound; field Gamma)
//	η_u(t) = η*·(1 + 1/(γ·t))               (upper bound)
//	α    = clip(η·√(1−β₂ᵗ)/(1−β₁ᵗ) / (√vMax + ε), η_l(t), η_u(t))
//	θ    ← θ − α·m
//
// η₀ is the learning rate the optimizer had before its first Step or
// SetLearningRate.
//
// Variant: the authors' reference implementation (AdaBound with
// amsbound=True in https://github.com/Luolc/AdaBound), with the same
// differences from the paper's algorithm as [AdaBound]: the clipped step is
// Adam's bias-corrected one, there is no extra 1/√t, and the final rate is
// scaled by η/η₀.
//
// Defaults (NewAMSBound): η_f = 0.1, γ = 0.001, β₁ = 0.9, β₂ = 0.999,
// ε = 1e-8, λ = 0.
//
// Reference: L. Luo, Y. Xiong, Y. Liu, X. Sun, "Adaptive gradient methods
// with dynamic bound of learning rate", ICLR 2019,
// https://openreview.net/forum?id=Bkg3g2R9FX.
//
// State: three matrices (m, v, vMax) and a step count per parameter.
type AMSBound struct {
	// LearningRate is Adam's step size η. Must be positive.
	LearningRate float64
	// FinalLearningRate is η_f, the SGD learning rate both bounds tend to
	// (scaled by η/η₀). Must be positive.
	// Default: 0.1 (set by NewAMSBound).
	FinalLearningRate float64
	// Gamma is γ, how fast the bounds close in. Must be positive.
	// Default: 0.001 (set by NewAMSBound).
	Gamma float64
	// Beta1 is the decay β₁ of the first moment, in [0, 1).
	// Default: 0.9 (set by NewAMSBound).
	Beta1 float64
	// Beta2 is the decay β₂ of the second moment, in [0, 1).
	// Default: 0.999 (set by NewAMSBound).
	Beta2 float64
	// Epsilon is ε, added to √vMax to avoid division by zero.
	// Default: 1e-8 (set by NewAMSBound).
	Epsilon float64
	// WeightDecay is the L2 penalty λ (see [WeightDecay]). Default: 0.
	WeightDecay float64

	initialRate float64 // η₀, set on first use
	moments     map[*nnkit.Param]*adamState
}

// NewAMSBound returns AMSBound with learning rate lr, final learning rate
// 0.1, γ = 0.001, β₁ = 0.9, β₂ = 0.999 and ε = 1e-8.
func NewAMSBound(lr float64) *AMSBound {
	return &AMSBound{LearningRate: lr, FinalLearningRate: 0.1, Gamma: 1e-3, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}
}

// Step applies one update to every parameter.
func (a *AMSBound) Step(params []*nnkit.Param) {
	if a.initialRate == 0 {
		a.initialRate = a.LearningRate
	}
	lr, beta1, beta2, eps, lambda := a.LearningRate, a.Beta1, a.Beta2, a.Epsilon, a.WeightDecay
	final := a.FinalLearningRate * lr / a.initialRate // η* = η_f·η/η₀
	for _, p := range params {
		st := stateOf("AMSBound.Step", &a.moments, p, newAMSState)
		st.t++
		lower, upper := Bounds(final, a.Gamma, st.t)
		stepSize := lr * math.Sqrt(1-math.Pow(beta2, float64(st.t))) / (1 - math.Pow(beta1, float64(st.t)))
		eachRow(p, func(off int, theta, g []float64) {
			n := len(theta)
			m, v, vMax := st.m[off:off+n], st.v[off:off+n], st.vMax[off:off+n]
			for i := range theta {
				gi := WeightDecay(g[i], theta[i], lambda)
				m[i] = beta1*m[i] + (1-beta1)*gi                                   // first moment
				v[i] = beta2*v[i] + (1-beta2)*gi*gi                                // second moment
				vMax[i] = max(vMax[i], v[i])                                       // never decreases
				alpha := min(max(stepSize/(math.Sqrt(vMax[i])+eps), lower), upper) // clipped step size
				theta[i] -= alpha * m[i]                                           // θ ← θ − α·m
			}
		})
	}
}

// SetLearningRate sets η; a Schedule calls it between steps. The final rate
// η* follows η proportionally.
func (a *AMSBound) SetLearningRate(lr float64) {
	if a.initialRate == 0 {
		a.initialRate = a.LearningRate
	}
	a.LearningRate = lr
}

// Validate reports a hyperparameter outside its range.
func (a *AMSBound) Validate() error {
	if err := validateAdam("AMSBound", a.LearningRate, a.Beta1, a.Beta2, a.Epsilon, a.WeightDecay); err != nil {
		return err
	}
	return validate("AMSBound",
		check{"final learning rate", a.FinalLearningRate, positive},
		check{"gamma", a.Gamma, positive})
}

// String prints the hyperparameters, e.g.
// "AMSBound(lr=0.001, final_lr=0.1, γ=0.001, β1=0.9, β2=0.999, ε=1e-08)".
func (a *AMSBound) String() string {
	return fmt.Sprintf("AMSBound(lr=%g, final_lr=%g, γ=%g, β1=%g, β2=%g, ε=%g%s)",
		a.LearningRate, a.FinalLearningRate, a.Gamma, a.Beta1, a.Beta2, a.Epsilon, decayString(a.WeightDecay))
}
