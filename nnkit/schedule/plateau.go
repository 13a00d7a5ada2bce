package schedule

import (
	"errors"
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Schedule  = (*ReduceOnPlateau)(nil)
	_ nnkit.Validator = (*ReduceOnPlateau)(nil)
)

// ReduceOnPlateau cuts the learning rate by a factor γ when the validation
// loss has not improved for more than a number of evaluations (the
// patience):
//
//	improved:  loss < best·(1 − τ)                  (relative threshold τ; field Threshold)
//	after more than P evaluations without improvement (field Patience):
//	           η ← max(γ·η, η_min),  then wait C evaluations (fields Factor, Min, Cooldown)
//
// It is driven by Observe, not by the epoch index: the training loop calls
// Observe with each validation loss and reads the rate with LearningRate,
// whose argument is ignored. A loop that evaluates once per epoch feeds it
// like this:
//
//	for epoch := range epochs {
//		opt.SetLearningRate(plateau.LearningRate(epoch))
//		// … one epoch of training …
//		plateau.Observe(validationLoss)
//	}
//
// As PyTorch's ReduceLROnPlateau in mode "min" with threshold_mode "rel":
// the first loss always improves on best = +Inf, and evaluations during a
// cooldown do not count towards the patience. Defaults
// (NewReduceOnPlateau): γ = 0.1, P = 10, τ = 1e-4, C = 0, η_min = 0.
//
// State: the current rate, the best loss, and two counters; a
// ReduceOnPlateau is used through a pointer.
type ReduceOnPlateau struct {
	// Initial is the learning rate before the first reduction. Must be
	// positive.
	Initial float64
	// Factor is γ, in (0, 1). Default: 0.1 (set by NewReduceOnPlateau).
	Factor float64
	// Patience is P, the number of evaluations without improvement that
	// are tolerated; the rate drops on evaluation P+1.
	// Default: 10 (set by NewReduceOnPlateau).
	Patience int
	// Threshold is τ, the relative improvement that counts. Default: 1e-4
	// (set by NewReduceOnPlateau).
	Threshold float64
	// Cooldown is C, the number of evaluations after a drop during which
	// the patience counter stays at zero. Default: 0.
	Cooldown int
	// Min is η_min, the floor of the rate. Default: 0.
	Min float64

	started bool    // Observe has been called
	rate    float64 // current η
	best    float64 // lowest loss so far
	bad     int     // evaluations since the last improvement
	cool    int     // evaluations of cooldown left
}

// NewReduceOnPlateau returns a plateau schedule starting at initial, with
// γ = 0.1, patience 10 and threshold 1e-4.
func NewReduceOnPlateau(initial float64) *ReduceOnPlateau {
	return &ReduceOnPlateau{Initial: initial, Factor: 0.1, Patience: 10, Threshold: 1e-4}
}

// Observe records a validation loss and lowers the rate when the loss has
// not improved for more than Patience calls.
func (r *ReduceOnPlateau) Observe(valLoss float64) {
	if !r.started {
		r.started, r.rate, r.best = true, r.Initial, math.Inf(1)
	}
	if valLoss < r.best*(1-r.Threshold) {
		r.best, r.bad = valLoss, 0
	} else {
		r.bad++
	}
	if r.cool > 0 {
		r.cool--
		r.bad = 0
	}
	if r.bad > r.Patience {
		r.rate = max(r.rate*r.Factor, r.Min)
		r.cool, r.bad = r.Cooldown, 0
	}
}

// LearningRate returns the current rate: Initial until Observe has lowered
// it. The epoch is only checked, not used.
func (r *ReduceOnPlateau) LearningRate(epoch int) float64 {
	checkEpoch("ReduceOnPlateau", epoch)
	if !r.started {
		return r.Initial
	}
	return r.rate
}

// Validate reports a hyperparameter outside its range.
func (r *ReduceOnPlateau) Validate() error {
	var errs []error
	errs = append(errs, positive("ReduceOnPlateau", "initial rate", r.Initial))
	if !(r.Factor > 0 && r.Factor < 1) {
		errs = append(errs, fmt.Errorf("nnkit/schedule: ReduceOnPlateau: factor must be in (0, 1), got %v", r.Factor))
	}
	if !(r.Threshold >= 0 && r.Threshold < 1) {
		errs = append(errs, fmt.Errorf("nnkit/schedule: ReduceOnPlateau: threshold must be in [0, 1), got %v", r.Threshold))
	}
	errs = append(errs, atLeast("ReduceOnPlateau", "patience", r.Patience, 0),
		atLeast("ReduceOnPlateau", "cooldown", r.Cooldown, 0),
		minimum("ReduceOnPlateau", r.Min, r.Initial))
	return errors.Join(errs...)
}

// String prints the hyperparameters and the current rate, e.g.
// "ReduceOnPlateau(η=0.1, γ=0.1, patience=10, τ=0.0001)".
func (r *ReduceOnPlateau) String() string {
	return fmt.Sprintf("ReduceOnPlateau(η=%g, γ=%g, patience=%d, τ=%g)", r.LearningRate(0), r.Factor, r.Patience, r.Threshold)
}
