package optim

import (
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Optimizer          = (*Adam)(nil)
	_ nnkit.LearningRateSetter = (*Adam)(nil)
	_ nnkit.Validator          = (*Adam)(nil)
)

// Adam implements Adam (Kingma & Ba, 2014): momentum on the gradient and an
// RMSProp-style scale per element, both bias-corrected. For each parameter θ
// with gradient g, at its step t = 1, 2, …:
//
//	g ← g + λ·θ                   (weight decay; field WeightDecay)
//	m ← β₁·m + (1−β₁)·g           (first moment; field Beta1)
//	v ← β₂·v + (1−β₂)·g²          (second moment; field Beta2)
//	m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ)  (bias corrections for m = v = 0 at t = 0)
//	θ ← θ − η·m̂ / (√v̂ + ε)        (fields LearningRate, Epsilon)
//
// Variant: ε is added outside the square root, as in Algorithm 1 of the paper
// and PyTorch's torch.optim.Adam (Keras's "epsilon hat" form differs).
// Weight decay is the coupled L2 form of PyTorch's weight_decay, not AdamW.
//
// Defaults (NewAdam): β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0. The paper's
// learning rate is 0.001.
//
// Reference: D. P. Kingma, J. Ba, "Adam: a method for stochastic
// optimization", ICLR 2015, https://arxiv.org/abs/1412.6980.
//
// State: two matrices (m, v) and a step count per parameter.
type Adam struct {
	// LearningRate is the step size η. Must be positive.
	LearningRate float64
	// Beta1 is the decay β₁ of the first moment, in [0, 1).
	// Default: 0.9 (set by NewAdam).
	Beta1 float64
	// Beta2 is the decay β₂ of the second moment, in [0, 1).
	// Default: 0.999 (set by NewAdam).
	Beta2 float64
	// Epsilon is ε, added to √v̂ to avoid division by zero.
	// Default: 1e-8 (set by NewAdam).
	Epsilon float64
	// WeightDecay is the L2 penalty λ (see [WeightDecay]). Default: 0.
	WeightDecay float64

	moments map[*nnkit.Param]*adamState
}

// adamState is the step count and the moment estimates of one parameter;
// vMax is used by AMSGrad and AMSBound only.
type adamState struct {
	t          int
	m, v, vMax []float64
}

func (s *adamState) size() int { return len(s.m) }

func newAdamState(n int) *adamState {
	return &adamState{m: make([]float64, n), v: make([]float64, n)}
}

func newAMSState(n int) *adamState {
	s := newAdamState(n)
	s.vMax = make([]float64, n)
	return s
}

// NewAdam returns Adam with learning rate lr, β₁ = 0.9, β₂ = 0.999 and
// ε = 1e-8.
func NewAdam(lr float64) *Adam {
	return &Adam{LearningRate: lr, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}
}

// Step applies one update to every parameter.
func (a *Adam) Step(params []*nnkit.Param) {
	lr, beta1, beta2, eps, lambda := a.LearningRate, a.Beta1, a.Beta2, a.Epsilon, a.WeightDecay
	for _, p := range params {
		st := stateOf("Adam.Step", &a.moments, p, newAdamState)
		st.t++
		bc1 := 1 - math.Pow(beta1, float64(st.t)) // 1−β₁ᵗ
		bc2 := 1 - math.Pow(beta2, float64(st.t)) // 1−β₂ᵗ
		eachRow(p, func(off int, theta, g []float64) {
			m, v := st.m[off:off+len(theta)], st.v[off:off+len(theta)]
			for i := range theta {
				gi := WeightDecay(g[i], theta[i], lambda)
				m[i] = beta1*m[i] + (1-beta1)*gi    // first moment
				v[i] = beta2*v[i] + (1-beta2)*gi*gi // second moment
				mHat, vHat := m[i]/bc1, v[i]/bc2    // bias corrections
				theta[i] -= lr * mHat / (math.Sqrt(vHat) + eps)
			}
		})
	}
}

// SetLearningRate sets η; a Schedule calls it between steps.
func (a *Adam) SetLearningRate(lr float64) { a.LearningRate = lr }

// Validate reports a hyperparameter outside its range.
func (a *Adam) Validate() error {
	return validateAdam("Adam", a.LearningRate, a.Beta1, a.Beta2, a.Epsilon, a.WeightDecay)
}

// String prints the hyperparameters, e.g.
// "Adam(lr=0.001, β1=0.9, β2=0.999, ε=1e-08)".
func (a *Adam) String() string {
	return fmt.Sprintf("Adam(lr=%g, β1=%g, β2=%g, ε=%g%s)", a.LearningRate, a.Beta1, a.Beta2, a.Epsilon, decayString(a.WeightDecay))
}

// validateAdam checks the hyperparameters that the Adam family shares.
func validateAdam(algorithm string, lr, beta1, beta2, eps, lambda float64) error {
	return validate(algorithm,
		check{"learning rate", lr, positive},
		check{"beta1", beta1, unit},
		check{"beta2", beta2, unit},
		check{"epsilon", eps, positive},
		check{"weight decay", lambda, nonNegative})
}
