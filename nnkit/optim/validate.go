package optim

import (
	"fmt"
	"math"
)

// A check is one hyperparameter and the range it must lie in.
type check struct {
	name  string
	value float64
	in    interval
}

// interval is a range a hyperparameter must lie in.
type interval int

const (
	positive    interval = iota // (0, ∞)
	nonNegative                 // [0, ∞)
	unit                        // [0, 1)
	openUnit                    // (0, 1)
)

var intervalText = [...]string{
	positive:    "positive",
	nonNegative: "zero or positive",
	unit:        "in [0, 1)",
	openUnit:    "in (0, 1)",
}

// validate returns an error naming the first hyperparameter of algorithm
// that is NaN, infinite or outside its interval.
func validate(algorithm string, checks ...check) error {
	for _, c := range checks {
		v := c.value
		ok := !math.IsNaN(v) && !math.IsInf(v, 0)
		switch c.in {
		case positive:
			ok = ok && v > 0
		case nonNegative:
			ok = ok && v >= 0
		case unit:
			ok = ok && v >= 0 && v < 1
		case openUnit:
			ok = ok && v > 0 && v < 1
		}
		if !ok {
			return fmt.Errorf("nnkit/optim: %s: %s must be %s, got %v", algorithm, c.name, intervalText[c.in], v)
		}
	}
	return nil
}

// decayString is the ", weight_decay=λ" suffix of String, empty when λ is 0.
func decayString(lambda float64) string {
	if lambda == 0 {
		return ""
	}
	return fmt.Sprintf(", weight_decay=%g", lambda)
}
