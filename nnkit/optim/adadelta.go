package optim

import (
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Optimizer          = (*AdaDelta)(nil)
	_ nnkit.LearningRateSetter = (*AdaDelta)(nil)
	_ nnkit.Validator          = (*AdaDelta)(nil)
)

// AdaDelta scales each element's step by the ratio of the root mean square of
// its recent updates to that of its recent gradients (Zeiler, 2012), so the
// step has the units of θ and needs no hand-set learning rate. For each
// parameter θ with gradient g:
//
//	g  ← g + λ·θ                        (weight decay; field WeightDecay)
//	v  ← ρ·v + (1−ρ)·g²                 (mean square of gradients, E[g²]; field Rho)
//	Δθ ← √(u + ε) / √(v + ε) · g        (field Epsilon)
//	u  ← ρ·u + (1−ρ)·Δθ²                (mean square of updates, E[Δθ²])
//	θ  ← θ − η·Δθ                       (field LearningRate)
//
// with u = v = 0 before the first step.
//
// Variant: PyTorch's torch.optim.Adadelta. The paper's Algorithm 1 is the
// case η = 1; PyTorch adds η as a multiplier so schedules can act on it.
//
// Defaults (NewAdaDelta): ρ = 0.9 (PyTorch; the paper's experiments use
// 0.95), ε = 1e-6, λ = 0. η = 1 gives the paper's algorithm.
//
// Reference: M. D. Zeiler, "ADADELTA: an adaptive learning rate method",
// 2012, https://arxiv.org/abs/1212.5701.
//
// State: two matrices (v, u) per parameter.
type AdaDelta struct {
	// LearningRate is the multiplier η of the update. Must be positive;
	// 1 is the paper's algorithm.
	LearningRate float64
	// Rho is the decay ρ of both mean squares, in [0, 1).
	// Default: 0.9 (set by NewAdaDelta).
	Rho float64
	// Epsilon is ε, added inside both square roots; it also sets the size
	// of the first steps, about √ε.
	// Default: 1e-6 (set by NewAdaDelta).
	Epsilon float64
	// WeightDecay is the L2 penalty λ (see [WeightDecay]). Default: 0.
	WeightDecay float64

	averages map[*nnkit.Param]*adaDeltaState
}

// adaDeltaState holds the two running mean squares of one parameter.
type adaDeltaState struct{ v, u []float64 }

func (s *adaDeltaState) size() int { return len(s.v) }

// NewAdaDelta returns AdaDelta with multiplier lr (1 for the paper's
// algorithm), ρ = 0.9 and ε = 1e-6.
func NewAdaDelta(lr float64) *AdaDelta {
	return &AdaDelta{LearningRate: lr, Rho: 0.9, Epsilon: 1e-6}
}

// Step applies one update to every parameter.
func (a *AdaDelta) Step(params []*nnkit.Param) {
	lr, rho, eps, lambda := a.LearningRate, a.Rho, a.Epsilon, a.WeightDecay
	for _, p := range params {
		st := stateOf("AdaDelta.Step", &a.averages, p, func(n int) *adaDeltaState {
			return &adaDeltaState{v: make([]float64, n), u: make([]float64, n)}
		})
		eachRow(p, func(off int, theta, g []float64) {
			v, u := st.v[off:off+len(theta)], st.u[off:off+len(theta)]
			for i := range theta {
				gi := WeightDecay(g[i], theta[i], lambda)
				v[i] = rho*v[i] + (1-rho)*gi*gi                         // E[g²]
				delta := math.Sqrt(u[i]+eps) / math.Sqrt(v[i]+eps) * gi // Δθ = RMS[Δθ]/RMS[g]·g
				u[i] = rho*u[i] + (1-rho)*delta*delta                   // E[Δθ²]
				theta[i] -= lr * delta                                  // θ ← θ − η·Δθ
			}
		})
	}
}

// SetLearningRate sets the multiplier η; a Schedule calls it between steps.
func (a *AdaDelta) SetLearningRate(lr float64) { a.LearningRate = lr }

// Validate reports a hyperparameter outside its range.
func (a *AdaDelta) Validate() error {
	return validate("AdaDelta",
		check{"learning rate", a.LearningRate, positive},
		check{"rho", a.Rho, unit},
		check{"epsilon", a.Epsilon, positive},
		check{"weight decay", a.WeightDecay, nonNegative})
}

// String prints the hyperparameters, e.g. "AdaDelta(lr=1, ρ=0.9, ε=1e-06)".
func (a *AdaDelta) String() string {
	return fmt.Sprintf("AdaDelta(lr=%g, ρ=%g, ε=%g%s)", a.LearningRate, a.Rho, a.Epsilon, decayString(a.WeightDecay))
}
