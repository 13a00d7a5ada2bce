package optim

import (
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Optimizer          = (*AMSGrad)(nil)
	_ nnkit.LearningRateSetter = (*AMSGrad)(nil)
	_ nnkit.Validator          = (*AMSGrad)(nil)
)

// AMSGrad is Adam with a second moment that never decreases (Reddi, Kale &
// Kumar, 2018), which fixes Adam's failure to converge on some convex
// problems. For each parameter θ with gradient g, at its step t = 1, 2, …:
//
//	g    ← g + λ·θ                   (weight decay; field WeightDecay)
//	m    ← β₁·m + (1−β₁)·g           (first moment; field Beta1)
//	v    ← β₂·v + (1−β₂)·g²          (second moment; field Beta2)
//	vMax ← max(vMax, v)              (largest second moment so far)
//	m̂ = m/(1−β₁ᵗ),  v̂ = vMax/(1−β₂ᵗ)
//	θ    ← θ − η·m̂ / (√v̂ + ε)        (fields LearningRate, Epsilon)
//
// Variant: PyTorch's torch.optim.Adam with amsgrad=True: Adam's bias
// corrections are kept, and the maximum is taken over the uncorrected v and
// then divided by 1−β₂ᵗ. Algorithm 2 of the paper has neither bias
// correction nor ε.
//
// Defaults (NewAMSGrad): β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0.
//
// Reference: S. J. Reddi, S. Kale, S. Kumar, "On the convergence of Adam and
// beyond", ICLR 2018, https://openreview.net/forum?id=ryQu7f-RZ.
//
// State: three matrices (m, v, vMax) and a step count per parameter.
type AMSGrad struct {
	// LearningRate is the step size η. Must be positive.
	LearningRate float64
	// Beta1 is the decay β₁ of the first moment, in [0, 1).
	// Default: 0.9 (set by NewAMSGrad).
	Beta1 float64
	// Beta2 is the decay β₂ of the second moment, in [0, 1).
	// Default: 0.999 (set by NewAMSGrad).
	Beta2 float64
	// Epsilon is ε, added to √v̂ to avoid division by zero.
	// Default: 1e-8 (set by NewAMSGrad).
	Epsilon float64
	// WeightDecay is the L2 penalty λ (see [WeightDecay]). Default: 0.
	WeightDecay float64

	moments map[*nnkit.Param]*adamState
}

// NewAMSGrad returns AMSGrad with learning rate lr, β₁ = 0.9, β₂ = 0.999 and
// ε = 1e-8.
func NewAMSGrad(lr float64) *AMSGrad {
	return &AMSGrad{LearningRate: lr, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}
}

// Step applies one update to every parameter.
func (a *AMSGrad) Step(params []*nnkit.Param) {
	lr, beta1, beta2, eps, lambda := a.LearningRate, a.Beta1, a.Beta2, a.Epsilon, a.WeightDecay
	for _, p := range params {
		st := stateOf("AMSGrad.Step", &a.moments, p, newAMSState)
		st.t++
		bc1 := 1 - math.Pow(beta1, float64(st.t)) // 1−β₁ᵗ
		bc2 := 1 - math.Pow(beta2, float64(st.t)) // 1−β₂ᵗ
		eachRow(p, func(off int, theta, g []float64) {
			n := len(theta)
			m, v, vMax := st.m[off:off+n], st.v[off:off+n], st.vMax[off:off+n]
			for i := range theta {
				gi := WeightDecay(g[i], theta[i], lambda)
				m[i] = beta1*m[i] + (1-beta1)*gi    // first moment
				v[i] = beta2*v[i] + (1-beta2)*gi*gi // second moment
				vMax[i] = max(vMax[i], v[i])        // never decreases
				mHat, vHat := m[i]/bc1, vMax[i]/bc2 // bias corrections
				theta[i] -= lr * mHat / (math.Sqrt(vHat) + eps)
			}
		})
	}
}

// SetLearningRate sets η; a Schedule calls it between steps.
func (a *AMSGrad) SetLearningRate(lr float64) { a.LearningRate = lr }

// Validate reports a hyperparameter outside its range.
func (a *AMSGrad) Validate() error {
	return validateAdam("AMSGrad", a.LearningRate, a.Beta1, a.Beta2, a.Epsilon, a.WeightDecay)
}

// String prints the hyperparameters, e.g.
// "AMSGrad(lr=0.001, β1=0.9, β2=0.999, ε=1e-08)".
func (a *AMSGrad) String() string {
	return fmt.Sprintf("AMSGrad(lr=%g, β1=%g, β2=%g, ε=%g%s)", a.LearningRate, a.Beta1, a.Beta2, a.Epsilon, decayString(a.WeightDecay))
}
