package optim

import (
	"fmt"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Optimizer          = (*Momentum)(nil)
	_ nnkit.LearningRateSetter = (*Momentum)(nil)
	_ nnkit.Validator          = (*Momentum)(nil)
)

// Momentum is gradient descent with heavy-ball momentum (Polyak, 1964). For
// each parameter θ with gradient g:
//
//	g ← g + λ·θ        (weight decay; field WeightDecay)
//	v ← μ·v + g        (velocity, v = 0 before the first step; field Momentum)
//	θ ← θ − η·v        (field LearningRate)
//
// The velocity v is a running sum of past gradients that decays by μ per
// step, so steps grow along directions where the gradient keeps its sign and
// cancel where it oscillates; with a constant gradient the step tends to
// η·g/(1−μ).
//
// Variant: PyTorch's form (torch.optim.SGD with momentum μ and dampening 0),
// where η multiplies the whole velocity. Sutskever et al. (2013) write
// v ← μ·v − η·g, θ ← θ + v; both give the same path while η is constant, but
// here a Schedule's new η acts on the accumulated velocity at once.
//
// Defaults (NewMomentum): μ = 0.9, λ = 0.
//
// Reference: B. T. Polyak, "Some methods of speeding up the convergence of
// iteration methods", USSR Computational Mathematics and Mathematical
// Physics 4(5), 1964, https://doi.org/10.1016/0041-5553(64)90137-5.
//
// State: one matrix (v) per parameter.
type Momentum struct {
	// LearningRate is the step size η. Must be positive.
	LearningRate float64
	// Momentum is the decay μ of the velocity, in [0, 1).
	// Default: 0.9 (set by NewMomentum).
	Momentum float64
	// WeightDecay is the L2 penalty λ (see [WeightDecay]). Default: 0.
	WeightDecay float64

	velocity map[*nnkit.Param]*momentumState
}

// momentumState is the velocity of one parameter.
type momentumState struct{ v []float64 }

func (s *momentumState) size() int { return len(s.v) }

func newMomentumState(n int) *momentumState { return &momentumState{v: make([]float64, n)} }

// NewMomentum returns heavy-ball momentum with learning rate lr and μ = 0.9.
func NewMomentum(lr float64) *Momentum {
	return &Momentum{LearningRate: lr, Momentum: 0.9}
}

// Step applies one update to every parameter.
func (m *Momentum) Step(params []*nnkit.Param) {
	lr, mu, lambda := m.LearningRate, m.Momentum, m.WeightDecay
	for _, p := range params {
		s := stateOf("Momentum.Step", &m.velocity, p, newMomentumState)
		eachRow(p, func(off int, theta, g []float64) {
			v := s.v[off : off+len(theta)]
			for i := range theta {
				gi := WeightDecay(g[i], theta[i], lambda)
				v[i] = mu*v[i] + gi   // velocity
				theta[i] -= lr * v[i] // θ ← θ − η·v
			}
		})
	}
}

// SetLearningRate sets η; a Schedule calls it between steps.
func (m *Momentum) SetLearningRate(lr float64) { m.LearningRate = lr }

// Validate reports a hyperparameter outside its range.
func (m *Momentum) Validate() error {
	return validate("Momentum",
		check{"learning rate", m.LearningRate, positive},
		check{"momentum", m.Momentum, unit},
		check{"weight decay", m.WeightDecay, nonNegative})
}

// String prints the hyperparameters, e.g. "Momentum(lr=0.01, μ=0.9)".
func (m *Momentum) String() string {
	return fmt.Sprintf("Momentum(lr=%g, μ=%g%s)", m.LearningRate, m.Momentum, decayString(m.WeightDecay))
}
