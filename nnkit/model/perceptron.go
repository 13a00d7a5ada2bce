package model

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/layer"
)

var _ nnkit.Validator = (*Perceptron)(nil)

// Perceptron is the simple perceptron of the lecture's first chapter: one
// step unit (layer.Perceptron) trained by the perceptron learning rule
//
//	y = step(x·w + b);   w ← w + η·(t − y)·x,   b ← b + η·(t − y)
//
// one sample at a time, in order, epoch after epoch, until an epoch passes
// without a mistake or MaxEpochs is reached. It learns every linearly
// separable function (AND, OR, NAND; the perceptron convergence theorem)
// and never XOR, whose classes no line separates.
type Perceptron struct {
	// Unit is the step unit with its weights.
	Unit *layer.Perceptron
	// LearningRate is η. Default: 1 (set by NewPerceptron).
	LearningRate float64
	// MaxEpochs bounds training. Default: 100 (set by NewPerceptron).
	MaxEpochs int
}

// PerceptronResult reports a Perceptron's training.
type PerceptronResult struct {
	// Mistakes holds the number of misclassified samples in every epoch.
	Mistakes []int
	// Converged is true when the last epoch had no mistakes.
	Converged bool
}

// NewPerceptron returns a perceptron with in inputs and one output, zero
// weights, η = 1 and at most 100 epochs.
func NewPerceptron(in int) *Perceptron {
	return &Perceptron{Unit: layer.NewPerceptron(in, 1), LearningRate: 1, MaxEpochs: 100}
}

// Train applies the learning rule to x (n×in) with targets t (n×1, 0 or 1)
// until an epoch has no mistakes or MaxEpochs epochs have run.
func (p *Perceptron) Train(x, t *mat.Dense) PerceptronResult {
	var res PerceptronResult
	for len(res.Mistakes) < p.MaxEpochs {
		m := p.Unit.Learn(x, t, p.LearningRate)
		res.Mistakes = append(res.Mistakes, m)
		if m == 0 {
			res.Converged = true
			break
		}
	}
	return res
}

// Predict returns the unit's outputs (0 or 1) for x, n×1.
func (p *Perceptron) Predict(x *mat.Dense) *mat.Dense {
	return mat.DenseCopyOf(p.Unit.Forward(x, nnkit.Eval))
}

// Validate reports a non-positive learning rate or epoch limit.
func (p *Perceptron) Validate() error {
	if !(p.LearningRate > 0) || p.MaxEpochs <= 0 {
		return fmt.Errorf("nnkit/model: Perceptron needs LearningRate > 0 and MaxEpochs > 0, got %v and %d", p.LearningRate, p.MaxEpochs)
	}
	return nil
}

// String returns e.g. "Perceptron(2→1) with η=1".
func (p *Perceptron) String() string {
	return fmt.Sprintf("%v with η=%g", p.Unit, p.LearningRate)
}
