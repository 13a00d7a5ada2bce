package data

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// RandomUndersample balances classes by keeping a random subset, without
// replacement, of each larger class, so that no class has more than
// ⌊n_min/Ratio⌋ samples (n_min: the size of the smallest class). The kept
// rows stay in their original order. It throws data away, which suits large
// data sets with a big majority class.
type RandomUndersample struct {
	// Ratio is the wanted size of the smallest class relative to each larger
	// one after resampling, in (0, 1]. Default: 1, balanced (set by
	// NewRandomUndersample).
	Ratio float64
	// Seed seeds the random draws.
	Seed uint64
}

// NewRandomUndersample returns a RandomUndersample that balances the classes.
func NewRandomUndersample(seed uint64) *RandomUndersample {
	return &RandomUndersample{Ratio: 1, Seed: seed}
}

// String returns the hyperparameters.
func (u *RandomUndersample) String() string {
	return fmt.Sprintf("RandomUndersample(ratio=%g, seed=%d)", u.Ratio, u.Seed)
}

// Validate reports a Ratio outside (0, 1].
func (u *RandomUndersample) Validate() error { return checkRatio("RandomUndersample", u.Ratio) }

// Resample returns the kept rows of x and their labels. It returns an error
// for an invalid Ratio, a negative label, a class without samples or a
// single class, and panics when x and y differ in length.
func (u *RandomUndersample) Resample(x *mat.Dense, y []int) (*mat.Dense, []int, error) {
	if err := u.Validate(); err != nil {
		return nil, nil, err
	}
	byClass, err := samplerClasses("RandomUndersample", x, y)
	if err != nil {
		return nil, nil, err
	}
	nMin := len(y)
	for _, idx := range byClass {
		nMin = min(nMin, len(idx))
	}
	keep := int(math.Floor(float64(nMin) / u.Ratio))
	rng := newRand(u.Seed)
	var rows []int
	for _, idx := range byClass {
		if len(idx) > keep {
			perm := rng.Perm(len(idx))[:keep]
			for _, p := range perm {
				rows = append(rows, idx[p])
			}
		} else {
			rows = append(rows, idx...)
		}
	}
	slices.Sort(rows)
	return Rows(x, rows), Pick(y, rows), nil
}
