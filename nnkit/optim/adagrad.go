package optim

import (
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Optimizer          = (*AdaGrad)(nil)
	_ nnkit.LearningRateSetter = (*AdaGrad)(nil)
	_ nnkit.Validator          = (*AdaGrad)(nil)
)

// AdaGrad scales each element's step by the root of the sum of all its past
// squared gradients (Duchi, Hazan & Singer, 2011). For each parameter θ with
// gradient g:
//
//	g ← g + λ·θ              (weight decay; field WeightDecay)
//	s ← s + g²               (sum of squares, s = 0 before the first step)
//	θ ← θ − η·g / (√s + ε)   (fields LearningRate, Epsilon)
//
// Elements with rare or small gradients keep large steps; frequently updated
// ones slow down. Because s only grows, the step size decays towards zero,
// which RMSProp and AdaDelta were made to fix.
//
// Variant: PyTorch's torch.optim.Adagrad with lr_decay 0 and initial
// accumulator 0: ε is added outside the square root.
//
// Defaults (NewAdaGrad): ε = 1e-10 (PyTorch), λ = 0. PyTorch's default
// learning rate is 0.01.
//
// Reference: J. Duchi, E. Hazan, Y. Singer, "Adaptive subgradient methods for
// online learning and stochastic optimization", JMLR 12, 2011,
// https://jmlr.org/papers/v12/duchi11a.html.
//
// State: one matrix (s) per parameter.
type AdaGrad struct {
	// LearningRate is the step size η. Must be positive.
	LearningRate float64
	// Epsilon is ε, added to √s to avoid division by zero.
	// Default: 1e-10 (set by NewAdaGrad).
	Epsilon float64
	// WeightDecay is the L2 penalty λ (see [WeightDecay]). Default: 0.
	WeightDecay float64

	sum map[*nnkit.Param]*adaGradState
}

// adaGradState is the running sum of squared gradients of one parameter.
type adaGradState struct{ s []float64 }

func (s *adaGradState) size() int { return len(s.s) }

// NewAdaGrad returns AdaGrad with learning rate lr and ε = 1e-10.
func NewAdaGrad(lr float64) *AdaGrad {
	return &AdaGrad{LearningRate: lr, Epsilon: 1e-10}
}

// Step applies one update to every parameter.
func (a *AdaGrad) Step(params []*nnkit.Param) {
	lr, eps, lambda := a.LearningRate, a.Epsilon, a.WeightDecay
	for _, p := range params {
		st := stateOf("AdaGrad.Step", &a.sum, p, func(n int) *adaGradState {
			return &adaGradState{s: make([]float64, n)}
		})
		eachRow(p, func(off int, theta, g []float64) {
			s := st.s[off : off+len(theta)]
			for i := range theta {
				gi := WeightDecay(g[i], theta[i], lambda)
				s[i] += gi * gi                               // sum of squared gradients
				theta[i] -= lr * gi / (math.Sqrt(s[i]) + eps) // θ ← θ − η·g/(√s + ε)
			}
		})
	}
}

// SetLearningRate sets η; a Schedule calls it between steps.
func (a *AdaGrad) SetLearningRate(lr float64) { a.LearningRate = lr }

// Validate reports a hyperparameter outside its range.
func (a *AdaGrad) Validate() error {
	return validate("AdaGrad",
		check{"learning rate", a.LearningRate, positive},
		check{"epsilon", a.Epsilon, positive},
		check{"weight decay", a.WeightDecay, nonNegative})
}

// String prints the hyperparameters, e.g. "AdaGrad(lr=0.01, ε=1e-10)".
func (a *AdaGrad) String() string {
	return fmt.Sprintf("AdaGrad(lr=%g, ε=%g%s)", a.LearningRate, a.Epsilon, decayString(a.WeightDecay))
}
