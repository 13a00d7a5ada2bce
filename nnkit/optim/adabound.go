package optim

import (
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Optimizer          = (*AdaBound)(nil)
	_ nnkit.LearningRateSetter = (*AdaBound)(nil)
	_ nnkit.Validator          = (*AdaBound)(nil)
)

// AdaBound is Adam whose per-element step size is clipped to bounds that
// start wide and close in on a final SGD learning rate (Luo, Xiong, Liu &
// Sun, 2019): it behaves like Adam early and like SGD with momentum late.
// For each parameter θ with gradient g, at its step t = 1, 2, …:
//
//	g  ← g + λ·θ                            (weight decay; field WeightDecay)
//	m  ← β₁·m + (1−β₁)·g                    (first moment; field Beta1)
//	v  ← β₂·v + (1−β₂)·g²                   (second moment; field Beta2)
//	η* = η_f·η/η₀                           (final rate; fields FinalLearningRate, LearningRate)
//	η_l(t) = η*·(1 − 1/(γ·t + 1))           (lower bound, 0 at t = 0; field Gamma)
//	η_u(t) = η*·(1 + 1/(γ·t))               (upper bound, ∞ at t = 0)
//	α  = clip(η·√(1−β₂ᵗ)/(1−β₁ᵗ) / (√v + ε), η_l(t), η_u(t))
//	θ  ← θ − α·m
//
// η₀ is the learning rate the optimizer had before its first Step or
// SetLearningRate, so a Schedule that scales η scales the final rate η* with
// it.
//
// Variant: the authors' reference implementation (AdaBound in
// https://github.com/Luolc/AdaBound, adabound.py), which the paper's
// experiments use, including its scaling of the final rate by η/η₀. It
// differs from Algorithm 2 of the paper in two ways: the clipped step is
// Adam's bias-corrected step (the paper clips α/√v with no bias
// correction), and there is no further division by √t. The bounds are the
// paper's, with γ = 1−β₂ in its experiments.
//
// Defaults (NewAdaBound): η_f = 0.1, γ = 0.001, β₁ = 0.9, β₂ = 0.999,
// ε = 1e-8, λ = 0. The reference learning rate is 0.001.
//
// Reference: L. Luo, Y. Xiong, Y. Liu, X. Sun, "Adaptive gradient methods
// with dynamic bound of learning rate", ICLR 2019,
// https://openreview.net/forum?id=Bkg3g2R9FX.
//
// State: two matrices (m, v) and a step count per parameter.
type AdaBound struct {
	// LearningRate is Adam's step size η. Must be positive.
	LearningRate float64
	// FinalLearningRate is η_f, the SGD learning rate both bounds tend to
	// (scaled by η/η₀). Must be positive.
	// Default: 0.1 (set by NewAdaBound).
	FinalLearningRate float64
	// Gamma is γ, how fast the bounds close in: they are within a factor
	// 2 of η* after about 1/γ steps. Must be positive.
	// Default: 0.001 (set by NewAdaBound).
	Gamma float64
	// Beta1 is the decay β₁ of the first moment, in [0, 1).
	// Default: 0.9 (set by NewAdaBound).
	Beta1 float64
	// Beta2 is the decay β₂ of the second moment, in [0, 1).
	// Default: 0.999 (set by NewAdaBound).
	Beta2 float64
	// Epsilon is ε, added to √v to avoid division by zero.
	// Default: 1e-8 (set by NewAdaBound).
	Epsilon float64
	// WeightDecay is the L2 penalty λ (see [WeightDecay]). Default: 0.
	WeightDecay float64

	initialRate float64 // η₀, set on first use
	moments     map[*nnkit.Param]*adamState
}

// NewAdaBound returns AdaBound with learning rate lr, final learning rate
// 0.1, γ = 0.001, β₁ = 0.9, β₂ = 0.999 and ε = 1e-8.
func NewAdaBound(lr float64) *AdaBound {
	return &AdaBound{LearningRate: lr, FinalLearningRate: 0.1, Gamma: 1e-3, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}
}

// Step applies one update to every parameter.
func (a *AdaBound) Step(params []*nnkit.Param) {
	if a.initialRate == 0 {
		a.initialRate = a.LearningRate
	}
	lr, beta1, beta2, eps, lambda := a.LearningRate, a.Beta1, a.Beta2, a.Epsilon, a.WeightDecay
	final := a.FinalLearningRate * lr / a.initialRate // η* = η_f·η/η₀
	for _, p := range params {
		st := stateOf("AdaBound.Step", &a.moments, p, newAdamState)
		st.t++
		lower, upper := Bounds(final, a.Gamma, st.t)
		stepSize := lr * math.Sqrt(1-math.Pow(beta2, float64(st.t))) / (1 - math.Pow(beta1, float64(st.t)))
		eachRow(p, func(off int, theta, g []float64) {
			m, v := st.m[off:off+len(theta)], st.v[off:off+len(theta)]
			for i := range theta {
				gi := WeightDecay(g[i], theta[i], lambda)
				m[i] = beta1*m[i] + (1-beta1)*gi                                // first moment
				v[i] = beta2*v[i] + (1-beta2)*gi*gi                             // second moment
				alpha := min(max(stepSize/(math.Sqrt(v[i])+eps), lower), upper) // clipped step size
				theta[i] -= alpha * m[i]                                        // θ ← θ − α·m
			}
		})
	}
}

// SetLearningRate sets η; a Schedule calls it between steps. The final rate
// η* follows η proportionally.
func (a *AdaBound) SetLearningRate(lr float64) {
	if a.initialRate == 0 {
		a.initialRate = a.LearningRate
	}
	a.LearningRate = lr
}

// Validate reports a hyperparameter outside its range.
func (a *AdaBound) Validate() error {
	if err := validateAdam("AdaBound", a.LearningRate, a.Beta1, a.Beta2, a.Epsilon, a.WeightDecay); err != nil {
		return err
	}
	return validate("AdaBound",
		check{"final learning rate", a.FinalLearningRate, positive},
		check{"gamma", a.Gamma, positive})
}

// String prints the hyperparameters, e.g.
// "AdaBound(lr=0.001, final_lr=0.1, γ=0.001, β1=0.9, β2=0.999, ε=1e-08)".
func (a *AdaBound) String() string {
	return fmt.Sprintf("AdaBound(lr=%g, final_lr=%g, γ=%g, β1=%g, β2=%g, ε=%g%s)",
		a.LearningRate, a.FinalLearningRate, a.Gamma, a.Beta1, a.Beta2, a.Epsilon, decayString(a.WeightDecay))
}

// Bounds returns the dynamic bounds of [AdaBound] and [AMSBound] on the step
// size at step t = 1, 2, … for final learning rate final and speed gamma:
//
//	η_l(t) = final·(1 − 1/(γ·t + 1))
//	η_u(t) = final·(1 + 1/(γ·t))
//
// Both tend to final as t grows; at t = 0 they are 0 and +Inf.
func Bounds(final, gamma float64, t int) (lower, upper float64) {
	gt := gamma * float64(t)
	return final * (1 - 1/(gt+1)), final * (1 + 1/gt)
}
