package optim

import (
	"fmt"

	"gonum.org/v1/gonum/floats"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Optimizer          = (*SGD)(nil)
	_ nnkit.LearningRateSetter = (*SGD)(nil)
	_ nnkit.Validator          = (*SGD)(nil)
)

// SGD is plain (stochastic) gradient descent, optionally with L2 weight
// decay. For each parameter θ with gradient g:
//
//	g ← g + λ·θ        (weight decay; field WeightDecay)
//	θ ← θ − η·g        (field LearningRate)
//
// With a mini-batch gradient this is stochastic gradient descent (Robbins &
// Monro, 1951); with the full-batch gradient it is Cauchy's steepest descent.
// It matches PyTorch's torch.optim.SGD with momentum 0. State: none.
type SGD struct {
	// LearningRate is the step size η. Must be positive.
	LearningRate float64
	// WeightDecay is the L2 penalty λ (see [WeightDecay]). Default: 0.
	WeightDecay float64
}

// NewSGD returns plain gradient descent with learning rate lr and no weight
// decay.
func NewSGD(lr float64) *SGD {
	return &SGD{LearningRate: lr}
}

// Step applies one update to every parameter.
func (s *SGD) Step(params []*nnkit.Param) {
	lr, lambda := s.LearningRate, s.WeightDecay
	for _, p := range params {
		checkShapes("SGD.Step", p)
		if lambda == 0 {
			// θ ← θ + (−η)·g with gonum's vectorised axpy, about ten times
			// faster than the loop below: the same numbers bit for bit
			// (negation is exact and −0 never arises), except for a θ that
			// is already ±Inf, which the loop turns into NaN (g + 0·θ);
			// Fit and Minimize stop before stepping from there.
			eachRow(p, func(_ int, theta, g []float64) { floats.AddScaled(theta, -lr, g) })
			continue
		}
		eachRow(p, func(_ int, theta, g []float64) {
			for i := range theta {
				gi := WeightDecay(g[i], theta[i], lambda)
				theta[i] -= lr * gi // θ ← θ − η·g
			}
		})
	}
}

// SetLearningRate sets η; a Schedule calls it between steps.
func (s *SGD) SetLearningRate(lr float64) { s.LearningRate = lr }

// Validate reports a non-positive learning rate or a negative weight decay.
func (s *SGD) Validate() error {
	return validate("SGD", check{"learning rate", s.LearningRate, positive}, check{"weight decay", s.WeightDecay, nonNegative})
}

// String prints the hyperparameters, e.g. "SGD(lr=0.1)".
func (s *SGD) String() string {
	return fmt.Sprintf("SGD(lr=%g%s)", s.LearningRate, decayString(s.WeightDecay))
}
