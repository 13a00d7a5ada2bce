package schedule

import (
	"errors"
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Schedule  = Exponential{}
	_ nnkit.Validator = Exponential{}
)

// Exponential decay multiplies the learning rate by γ every epoch:
//
//	η(e) = η₀·γᵉ        (fields Initial, Factor)
//
// As PyTorch's ExponentialLR. γ = 0.95 halves the rate about every 14 epochs.
type Exponential struct {
	// Initial is η₀, the learning rate of epoch 0. Must be positive.
	Initial float64
	// Factor is γ, in (0, 1].
	Factor float64
}

// LearningRate returns η₀·γ^epoch.
func (x Exponential) LearningRate(epoch int) float64 {
	checkEpoch("Exponential", epoch)
	return x.Initial * math.Pow(x.Factor, float64(epoch))
}

// Validate reports a hyperparameter outside its range.
func (x Exponential) Validate() error {
	return errors.Join(positive("Exponential", "initial rate", x.Initial), factor("Exponential", x.Factor))
}

// String prints the hyperparameters, e.g. "Exponential(η₀=0.1, γ=0.95)".
func (x Exponential) String() string {
	return fmt.Sprintf("Exponential(η₀=%g, γ=%g)", x.Initial, x.Factor)
}
