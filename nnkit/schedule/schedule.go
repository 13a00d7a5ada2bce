package schedule

import (
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nnkit"
)

// checkEpoch panics if epoch is negative.
func checkEpoch(op string, epoch int) {
	if epoch < 0 {
		nnkit.Panicf("nnkit/schedule: %s.LearningRate: epoch %d is negative; epochs count from 0", op, epoch)
	}
}

// positive returns an error unless v, the hyperparameter name of schedule
// op, is finite and positive.
func positive(op, name string, v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return fmt.Errorf("nnkit/schedule: %s: %s must be positive, got %v", op, name, v)
	}
	return nil
}

// minimum returns an error unless the floor η_min of schedule op is finite,
// zero or positive and below the initial rate.
func minimum(op string, lrMin, initial float64) error {
	if !(lrMin >= 0) || !(lrMin < initial) || math.IsInf(lrMin, 0) {
		return fmt.Errorf("nnkit/schedule: %s: minimum learning rate must be in [0, initial rate %v), got %v", op, initial, lrMin)
	}
	return nil
}

// atLeast returns an error unless the count n of schedule op is at least lo.
func atLeast(op, name string, n, lo int) error {
	if n < lo {
		return fmt.Errorf("nnkit/schedule: %s: %s must be at least %d, got %d", op, name, lo, n)
	}
	return nil
}
