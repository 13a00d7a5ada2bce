package data

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// SMOTE oversamples the smaller classes with synthetic points (Synthetic
// Minority Over-sampling Technique; Chawla et al., 2002,
// https://doi.org/10.1613/jair.953). For a class c that needs g new samples:
//
//	for each of the g new points:
//	    pick a sample xᵢ of class c uniformly at random
//	    pick one of its K nearest neighbours x_nn within class c (Euclidean
//	        distance, xᵢ itself excluded) uniformly at random
//	    draw λ ~ U[0, 1)
//	    x_new = xᵢ + λ·(x_nn − xᵢ)          a point on the segment xᵢ–x_nn
//
// g is chosen so that every class ends with at least ⌊Ratio·n_max⌋ samples
// (n_max: the size of the largest class), as with [RandomOversample]. The
// result holds all original rows in their order, then the synthetic ones,
// class by class. This is the regular SMOTE of imbalanced-learn's
// SMOTE(k_neighbors=K, sampling_strategy=Ratio); its random stream differs,
// so the points differ, but not their distribution.
//
// Cost: finding the neighbours takes O(n_c²·d) time per class (n_c×n_c
// distances computed in blocks through matrix products, O(n_c·K) memory),
// generating takes O(g·d).
type SMOTE struct {
	// K is the number of nearest neighbours of the same class among which
	// the partner is drawn. Default: 5 (set by NewSMOTE). Every class that
	// needs new samples must have more than K samples.
	K int
	// Ratio is the wanted size of each smaller class relative to the largest
	// one after resampling, in (0, 1]. Default: 1, balanced (set by NewSMOTE).
	Ratio float64
	// Seed seeds the random draws.
	Seed uint64
}

// NewSMOTE returns a SMOTE with K = 5 that balances the classes.
func NewSMOTE(seed uint64) *SMOTE { return &SMOTE{K: 5, Ratio: 1, Seed: seed} }

// String returns the hyperparameters.
func (s *SMOTE) String() string {
	return fmt.Sprintf("SMOTE(k=%d, ratio=%g, seed=%d)", s.K, s.Ratio, s.Seed)
}

// Validate reports K < 1 or a Ratio outside (0, 1].
func (s *SMOTE) Validate() error {
	if s.K < 1 {
		return fmt.Errorf("data: SMOTE: K is %d, want at least 1", s.K)
	}
	return checkRatio("SMOTE", s.Ratio)
}

// Resample returns x and y followed by the synthetic samples. It returns an
// error for an invalid configuration, a NaN or ±Inf in x, a negative label,
// a class without samples, a single class, or a class that needs new
// samples but has K or fewer; it panics when x and y differ in length.
func (s *SMOTE) Resample(x *mat.Dense, y []int) (*mat.Dense, []int, error) {
	if err := s.Validate(); err != nil {
		return nil, nil, err
	}
	byClass, err := samplerClasses("SMOTE", x, y)
	if err != nil {
		return nil, nil, err
	}
	if err := checkFinite("SMOTE.Resample", x); err != nil {
		return nil, nil, err
	}
	add := oversampleTargets(byClass, s.Ratio)
	for c, g := range add {
		if g > 0 && len(byClass[c]) <= s.K {
			return nil, nil, fmt.Errorf("data: SMOTE: class %d has %d samples, too few for K = %d neighbours; set K ≤ %d or use RandomOversample", c, len(byClass[c]), s.K, len(byClass[c])-1)
		}
	}
	n, d := x.Dims()
	total := 0
	for _, g := range add {
		total += g
	}
	// The result: x, then the synthetic rows written in place.
	xOut, yOut := grow(x, y, total)
	out := xOut.RawMatrix().Data[n*d:]
	rng := newRand(s.Seed)
	for c, g := range add {
		if g == 0 {
			continue
		}
		p := Rows(x, byClass[c])
		nn := nearest(p, s.K)
		for range g {
			i := rng.IntN(len(byClass[c]))
			j := nn[i*s.K+rng.IntN(s.K)]
			lambda := rng.Float64()
			xi, xj, xNew := p.RawRowView(i), p.RawRowView(j), out[:d]
			for f := range xNew {
				// x_new = xᵢ + λ·(x_nn − xᵢ)
				xNew[f] = xi[f] + lambda*(xj[f]-xi[f])
			}
			out = out[d:]
			yOut[n] = c
			n++
		}
	}
	return xOut, yOut, nil
}
