package schedule

import (
	"errors"
	"fmt"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Schedule  = CosineRestarts{}
	_ nnkit.Validator = CosineRestarts{}
)

// CosineRestarts is cosine annealing with warm restarts (SGDR): the rate
// follows [Cosine] through a cycle of T_i epochs, then jumps back to η₀ for
// the next cycle, T_mult times longer:
//
//	η(e) = η_min + ½·(η₀ − η_min)·(1 + cos(π·T_cur/T_i))
//	T_i  = T₀·T_multⁱ        (length of cycle i = 0, 1, …)
//
// where T_cur is the number of epochs since the last restart (fields
// Initial, Min, Period for T₀, Mult for T_mult). Each restart kicks the
// optimizer out of the basin it settled in; the low rates at the end of each
// cycle give snapshots worth keeping.
//
// As PyTorch's CosineAnnealingWarmRestarts. Defaults (NewCosineRestarts):
// η_min = 0, T_mult = 1 (the paper also uses T_mult = 2).
//
// Reference: I. Loshchilov, F. Hutter, "SGDR: stochastic gradient descent
// with warm restarts", ICLR 2017, https://arxiv.org/abs/1608.03983.
type CosineRestarts struct {
	// Initial is η₀, the learning rate at each restart. Must be positive.
	Initial float64
	// Min is η_min, approached at the end of each cycle, in [0, η₀).
	// Default: 0.
	Min float64
	// Period is T₀, the length of the first cycle in epochs. At least 1.
	Period int
	// Mult is T_mult, the factor by which each cycle is longer than the
	// one before. At least 1. Default: 1 (set by NewCosineRestarts).
	Mult int
}

// NewCosineRestarts returns SGDR from initial towards 0, restarting every
// period epochs.
func NewCosineRestarts(initial float64, period int) CosineRestarts {
	return CosineRestarts{Initial: initial, Period: period, Mult: 1}
}

// LearningRate returns η(epoch).
func (c CosineRestarts) LearningRate(epoch int) float64 {
	checkEpoch("CosineRestarts", epoch)
	if c.Period < 1 || c.Mult < 1 {
		nnkit.Panicf("nnkit/schedule: CosineRestarts.LearningRate: period %d and mult %d must be at least 1; Validate reports this", c.Period, c.Mult)
	}
	t, length := epoch, c.Period // T_cur and T_i
	if c.Mult == 1 {
		t %= length
	} else {
		for t >= length {
			t -= length
			length *= c.Mult
		}
	}
	return anneal(c.Initial, c.Min, t, length)
}

// Validate reports a hyperparameter outside its range.
func (c CosineRestarts) Validate() error {
	return errors.Join(positive("CosineRestarts", "initial rate", c.Initial),
		minimum("CosineRestarts", c.Min, c.Initial),
		atLeast("CosineRestarts", "period", c.Period, 1),
		atLeast("CosineRestarts", "mult", c.Mult, 1))
}

// String prints the hyperparameters, e.g.
// "CosineRestarts(η₀=0.1, η_min=0, T₀=10, T_mult=2)".
func (c CosineRestarts) String() string {
	return fmt.Sprintf("CosineRestarts(η₀=%g, η_min=%g, T₀=%d, T_mult=%d)", c.Initial, c.Min, c.Period, c.Mult)
}
