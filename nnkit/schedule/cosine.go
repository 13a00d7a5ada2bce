package schedule

import (
	"errors"
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Schedule  = Cosine{}
	_ nnkit.Validator = Cosine{}
)

// Cosine anneals the learning rate from η₀ to η_min along half a cosine over
// T epochs and then holds it at η_min:
//
//	η(e) = η_min + ½·(η₀ − η_min)·(1 + cos(π·e/T))    for e < T
//	η(e) = η_min                                       for e ≥ T
//
// (fields Initial, Min, Period). This is one cycle of SGDR, equation (5) of
// the paper; [CosineRestarts] repeats it. Unlike PyTorch's
// CosineAnnealingLR, whose closed form climbs back up after T, the rate stays
// at η_min.
//
// Default (NewCosine): η_min = 0.
//
// Reference: I. Loshchilov, F. Hutter, "SGDR: stochastic gradient descent
// with warm restarts", ICLR 2017, https://arxiv.org/abs/1608.03983.
type Cosine struct {
	// Initial is η₀, the learning rate of epoch 0. Must be positive.
	Initial float64
	// Min is η_min, reached at epoch T, in [0, η₀). Default: 0.
	Min float64
	// Period is T, the number of epochs of the anneal. At least 1.
	Period int
}

// NewCosine returns cosine annealing from initial to 0 over period epochs.
func NewCosine(initial float64, period int) Cosine {
	return Cosine{Initial: initial, Period: period}
}

// LearningRate returns η(epoch).
func (c Cosine) LearningRate(epoch int) float64 {
	checkEpoch("Cosine", epoch)
	if epoch >= c.Period {
		return c.Min
	}
	return anneal(c.Initial, c.Min, epoch, c.Period)
}

// Validate reports a hyperparameter outside its range.
func (c Cosine) Validate() error {
	return errors.Join(positive("Cosine", "initial rate", c.Initial),
		minimum("Cosine", c.Min, c.Initial),
		atLeast("Cosine", "period", c.Period, 1))
}

// String prints the hyperparameters, e.g. "Cosine(η₀=0.1, η_min=0, T=100)".
func (c Cosine) String() string {
	return fmt.Sprintf("Cosine(η₀=%g, η_min=%g, T=%d)", c.Initial, c.Min, c.Period)
}

// anneal returns η_min + ½·(η₀ − η_min)·(1 + cos(π·t/T)).
func anneal(initial, lrMin float64, t, period int) float64 {
	return lrMin + 0.5*(initial-lrMin)*(1+math.Cos(math.Pi*float64(t)/float64(period)))
}
