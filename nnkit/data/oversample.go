package data

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// RandomOversample balances classes by drawing extra copies of samples of
// the smaller classes, uniformly with replacement, until every class has at
// least ⌊Ratio·n_max⌋ samples (n_max: the size of the largest class). The
// result holds all original rows in their order, then the copies, class by
// class. Duplicates add no new information and invite overfitting; [SMOTE]
// interpolates new points instead.
type RandomOversample struct {
	// Ratio is the wanted size of each smaller class relative to the largest
	// one after resampling, in (0, 1]. Default: 1, balanced (set by
	// NewRandomOversample).
	Ratio float64
	// Seed seeds the random draws.
	Seed uint64
}

// NewRandomOversample returns a RandomOversample that balances the classes.
func NewRandomOversample(seed uint64) *RandomOversample {
	return &RandomOversample{Ratio: 1, Seed: seed}
}

// String returns the hyperparameters.
func (o *RandomOversample) String() string {
	return fmt.Sprintf("RandomOversample(ratio=%g, seed=%d)", o.Ratio, o.Seed)
}

// Validate reports a Ratio outside (0, 1].
func (o *RandomOversample) Validate() error { return checkRatio("RandomOversample", o.Ratio) }

// Resample returns x and y with the added copies. It returns an error for an
// invalid Ratio, a negative label, a class without samples or a single
// class, and panics when x and y differ in length.
func (o *RandomOversample) Resample(x *mat.Dense, y []int) (*mat.Dense, []int, error) {
	if err := o.Validate(); err != nil {
		return nil, nil, err
	}
	byClass, err := samplerClasses("RandomOversample", x, y)
	if err != nil {
		return nil, nil, err
	}
	add := oversampleTargets(byClass, o.Ratio)
	total := 0
	for _, g := range add {
		total += g
	}
	xOut, yOut := grow(x, y, total)
	n, _ := x.Dims()
	rng := newRand(o.Seed)
	for c, g := range add {
		idx := byClass[c]
		for range g {
			copy(xOut.RawRowView(n), x.RawRowView(idx[rng.IntN(len(idx))]))
			yOut[n] = c
			n++
		}
	}
	return xOut, yOut, nil
}
