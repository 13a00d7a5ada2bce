package initializer

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

var _ Initializer = Uniform{}

// Uniform draws every weight uniformly from [Low, High):
//
//	w ~ U(Low, High)
//
// It is the "random small weights" initialisation used before Xavier and He.
type Uniform struct {
	// Low is the smallest value drawn.
	Low float64
	// High bounds the values drawn from above; it must exceed Low.
	High float64
}

// Fill draws w from U(Low, High).
func (u Uniform) Fill(w *mat.Dense, rng *rand.Rand) {
	fill(w, func() float64 { return u.Low + (u.High-u.Low)*rng.Float64() })
}

// Validate reports bounds that are not finite or not increasing.
func (u Uniform) Validate() error {
	if !(u.Low < u.High) || math.IsInf(u.Low, 0) || math.IsInf(u.High, 0) {
		return fmt.Errorf("nnkit/initializer: Uniform needs finite Low < High, got Low=%v High=%v", u.Low, u.High)
	}
	return nil
}

// String returns e.g. "uniform(-0.05, 0.05)".
func (u Uniform) String() string { return fmt.Sprintf("uniform(%g, %g)", u.Low, u.High) }
