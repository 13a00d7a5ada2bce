package schedule

import (
	"errors"
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Schedule  = Step{}
	_ nnkit.Validator = Step{}
)

// Step decay multiplies the learning rate by γ every k epochs:
//
//	η(e) = η₀·γ^⌊e/k⌋        (fields Initial, Factor, Every)
//
// As PyTorch's StepLR. Default (NewStep): γ = 0.1.
type Step struct {
	// Initial is η₀, the learning rate of epochs 0 … k−1. Must be positive.
	Initial float64
	// Every is k, the number of epochs between drops. At least 1.
	Every int
	// Factor is γ, the factor of each drop, in (0, 1].
	// Default: 0.1 (set by NewStep).
	Factor float64
}

// NewStep returns step decay from initial by a factor 0.1 every k epochs.
func NewStep(initial float64, every int) Step {
	return Step{Initial: initial, Every: every, Factor: 0.1}
}

// LearningRate returns η₀·γ^⌊epoch/k⌋.
func (s Step) LearningRate(epoch int) float64 {
	checkEpoch("Step", epoch)
	if s.Every < 1 {
		nnkit.Panicf("nnkit/schedule: Step.LearningRate: every is %d, must be at least 1; Validate reports this", s.Every)
	}
	return s.Initial * math.Pow(s.Factor, float64(epoch/s.Every))
}

// Validate reports a hyperparameter outside its range.
func (s Step) Validate() error {
	return errors.Join(positive("Step", "initial rate", s.Initial),
		atLeast("Step", "every", s.Every, 1),
		factor("Step", s.Factor))
}

// String prints the hyperparameters, e.g. "Step(η₀=0.1, every=30, γ=0.1)".
func (s Step) String() string {
	return fmt.Sprintf("Step(η₀=%g, every=%d, γ=%g)", s.Initial, s.Every, s.Factor)
}

// factor returns an error unless γ, the decay factor of schedule op, is in
// (0, 1].
func factor(op string, gamma float64) error {
	if !(gamma > 0 && gamma <= 1) {
		return fmt.Errorf("nnkit/schedule: %s: factor must be in (0, 1], got %v", op, gamma)
	}
	return nil
}
