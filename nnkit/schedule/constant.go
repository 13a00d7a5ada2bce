package schedule

import (
	"fmt"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Schedule  = Constant{}
	_ nnkit.Validator = Constant{}
)

// Constant keeps the learning rate fixed:
//
//	η(e) = η₀        (field Rate)
type Constant struct {
	// Rate is the learning rate η₀. Must be positive.
	Rate float64
}

// LearningRate returns Rate for every epoch.
func (c Constant) LearningRate(epoch int) float64 {
	checkEpoch("Constant", epoch)
	return c.Rate
}

// Validate reports a rate that is not positive.
func (c Constant) Validate() error { return positive("Constant", "rate", c.Rate) }

// String prints the rate, e.g. "Constant(η₀=0.1)".
func (c Constant) String() string { return fmt.Sprintf("Constant(η₀=%g)", c.Rate) }
