package optim

import (
	"fmt"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Optimizer          = (*Nesterov)(nil)
	_ nnkit.LearningRateSetter = (*Nesterov)(nil)
	_ nnkit.Validator          = (*Nesterov)(nil)
)

// Nesterov is gradient descent with Nesterov's accelerated gradient (NAG,
// Nesterov 1983), in the form PyTorch uses. For each parameter θ with
// gradient g:
//
//	g ← g + λ·θ            (weight decay; field WeightDecay)
//	v ← μ·v + g            (velocity, v = 0 before the first step; field Momentum)
//	θ ← θ − η·(g + μ·v)    (field LearningRate)
//
// Variant: PyTorch's torch.optim.SGD with nesterov=True (dampening 0), the
// reformulation of Bengio, Boulanger-Lewandowski & Pascanu (2012,
// https://arxiv.org/abs/1212.0901). Sutskever et al. (2013) state NAG as a
// look-ahead: v ← μ·v − η·∇f(θ + μ·v), θ ← θ + v. Writing θ' = θ + μ·v, the
// point where that form evaluates the gradient, turns it into the update
// above for constant η, so the parameters stored here are Sutskever's
// look-ahead points and one gradient at the stored parameters suffices.
// Compared with [Momentum], the step looks one velocity update ahead, which
// damps oscillation.
//
// Defaults (NewNesterov): μ = 0.9, λ = 0.
//
// References: Yu. Nesterov, "A method for solving the convex programming
// problem with convergence rate O(1/k²)", Soviet Mathematics Doklady 27,
// 1983; I. Sutskever, J. Martens, G. Dahl, G. Hinton, "On the importance of
// initialization and momentum in deep learning", ICML 2013,
// https://proceedings.mlr.press/v28/sutskever13.html.
//
// State: one matrix (v) per parameter.
type Nesterov struct {
	// LearningRate is the step size η. Must be positive.
	LearningRate float64
	// Momentum is the decay μ of the velocity, in [0, 1).
	// Default: 0.9 (set by NewNesterov).
	Momentum float64
	// WeightDecay is the L2 penalty λ (see [WeightDecay]). Default: 0.
	WeightDecay float64

	velocity map[*nnkit.Param]*momentumState
}

// NewNesterov returns Nesterov momentum with learning rate lr and μ = 0.9.
func NewNesterov(lr float64) *Nesterov {
	return &Nesterov{LearningRate: lr, Momentum: 0.9}
}

// Step applies one update to every parameter.
func (n *Nesterov) Step(params []*nnkit.Param) {
	lr, mu, lambda := n.LearningRate, n.Momentum, n.WeightDecay
	for _, p := range params {
		s := stateOf("Nesterov.Step", &n.velocity, p, newMomentumState)
		eachRow(p, func(off int, theta, g []float64) {
			v := s.v[off : off+len(theta)]
			for i := range theta {
				gi := WeightDecay(g[i], theta[i], lambda)
				v[i] = mu*v[i] + gi             // velocity
				theta[i] -= lr * (gi + mu*v[i]) // θ ← θ − η·(g + μ·v)
			}
		})
	}
}

// SetLearningRate sets η; a Schedule calls it between steps.
func (n *Nesterov) SetLearningRate(lr float64) { n.LearningRate = lr }

// Validate reports a hyperparameter outside its range.
func (n *Nesterov) Validate() error {
	return validate("Nesterov",
		check{"learning rate", n.LearningRate, positive},
		check{"momentum", n.Momentum, unit},
		check{"weight decay", n.WeightDecay, nonNegative})
}

// String prints the hyperparameters, e.g. "Nesterov(lr=0.01, μ=0.9)".
func (n *Nesterov) String() string {
	return fmt.Sprintf("Nesterov(lr=%g, μ=%g%s)", n.LearningRate, n.Momentum, decayString(n.WeightDecay))
}
