package optim

import (
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Optimizer          = (*RMSProp)(nil)
	_ nnkit.LearningRateSetter = (*RMSProp)(nil)
	_ nnkit.Validator          = (*RMSProp)(nil)
)

// RMSProp divides each element's step by a running root mean square of its
// recent gradients (Hinton, 2012). For each parameter θ with gradient g:
//
//	g ← g + λ·θ              (weight decay; field WeightDecay)
//	v ← ρ·v + (1−ρ)·g²       (mean square, v = 0 before the first step; field Rho)
//	θ ← θ − η·g / (√v + ε)   (fields LearningRate, Epsilon)
//
// Unlike [AdaGrad]'s sum, the moving average forgets old gradients, so the
// step size does not decay to zero.
//
// Variant: PyTorch's torch.optim.RMSprop (its alpha is ρ here) without
// momentum and not centered; ε is added outside the square root.
//
// Defaults (NewRMSProp): ρ = 0.99, ε = 1e-8 (PyTorch; the lecture suggests
// ρ = 0.9), λ = 0. PyTorch's default learning rate is 0.01.
//
// Reference: G. Hinton, N. Srivastava, K. Swersky, "Neural networks for
// machine learning", lecture 6e, 2012,
// https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf.
//
// State: one matrix (v) per parameter.
type RMSProp struct {
	// LearningRate is the step size η. Must be positive.
	LearningRate float64
	// Rho is the decay ρ of the mean square, in [0, 1).
	// Default: 0.99 (set by NewRMSProp).
	Rho float64
	// Epsilon is ε, added to √v to avoid division by zero.
	// Default: 1e-8 (set by NewRMSProp).
	Epsilon float64
	// WeightDecay is the L2 penalty λ (see [WeightDecay]). Default: 0.
	WeightDecay float64

	meanSquare map[*nnkit.Param]*rmsPropState
}

// rmsPropState is the running mean square of the gradient of one parameter.
type rmsPropState struct{ v []float64 }

func (s *rmsPropState) size() int { return len(s.v) }

// NewRMSProp returns RMSProp with learning rate lr, ρ = 0.99 and ε = 1e-8.
func NewRMSProp(lr float64) *RMSProp {
	return &RMSProp{LearningRate: lr, Rho: 0.99, Epsilon: 1e-8}
}

// Step applies one update to every parameter.
func (r *RMSProp) Step(params []*nnkit.Param) {
	lr, rho, eps, lambda := r.LearningRate, r.Rho, r.Epsilon, r.WeightDecay
	for _, p := range params {
		st := stateOf("RMSProp.Step", &r.meanSquare, p, func(n int) *rmsPropState {
			return &rmsPropState{v: make([]float64, n)}
		})
		eachRow(p, func(off int, theta, g []float64) {
			v := st.v[off : off+len(theta)]
			for i := range theta {
				gi := WeightDecay(g[i], theta[i], lambda)
				v[i] = rho*v[i] + (1-rho)*gi*gi               // moving mean square of the gradient
				theta[i] -= lr * gi / (math.Sqrt(v[i]) + eps) // θ ← θ − η·g/(√v + ε)
			}
		})
	}
}

// SetLearningRate sets η; a Schedule calls it between steps.
func (r *RMSProp) SetLearningRate(lr float64) { r.LearningRate = lr }

// Validate reports a hyperparameter outside its range.
func (r *RMSProp) Validate() error {
	return validate("RMSProp",
		check{"learning rate", r.LearningRate, positive},
		check{"rho", r.Rho, unit},
		check{"epsilon", r.Epsilon, positive},
		check{"weight decay", r.WeightDecay, nonNegative})
}

// String prints the hyperparameters, e.g. "RMSProp(lr=0.01, ρ=0.99, ε=1e-08)".
func (r *RMSProp) String() string {
	return fmt.Sprintf("RMSProp(lr=%g, ρ=%g, ε=%g%s)", r.LearningRate, r.Rho, r.Epsilon, decayString(r.WeightDecay))
}
