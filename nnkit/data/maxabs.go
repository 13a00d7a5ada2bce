package data

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// MaxAbs divides each feature by its largest absolute value in the training
// data, so that the training data lie in [−1, 1] and zeros stay zeros:
//
//	x′ = x / max|x|
//
// This is the lecture's scaling of age and salary: with a maximum age of 80,
// an age of 40 becomes 40 ÷ 80 = 0.5; with a maximum salary of 20 000 000, a
// salary of 5 000 000 becomes 0.25. A feature that is zero throughout the
// training data is left unscaled (divided by 1), as in scikit-learn's
// MaxAbsScaler.
type MaxAbs struct {
	// Scale holds max|x| per feature (1 for an all-zero feature); Fit sets it.
	Scale []float64
}

// NewMaxAbs returns an unfitted MaxAbs scaler.
func NewMaxAbs() *MaxAbs { return &MaxAbs{} }

// String returns the name and, once fitted, the number of features.
func (s *MaxAbs) String() string { return fmt.Sprintf("MaxAbs(features=%d)", len(s.Scale)) }

// Fit learns max|x| per feature. It returns an error when x is empty or holds
// a NaN or ±Inf.
func (s *MaxAbs) Fit(x *mat.Dense) error {
	if err := checkFinite("MaxAbs.Fit", x); err != nil {
		return err
	}
	r, c := x.Dims()
	scale := make([]float64, c)
	for i := range r {
		for j, v := range x.RawRowView(i) {
			scale[j] = math.Max(scale[j], math.Abs(v))
		}
	}
	for j, v := range scale {
		if v == 0 {
			scale[j] = 1
		}
	}
	s.Scale = scale
	return nil
}

// Transform returns x ⊘ max|x| column by column.
func (s *MaxAbs) Transform(x *mat.Dense) *mat.Dense {
	checkApply("MaxAbs", "Transform", len(s.Scale), x)
	return affine(x, make([]float64, len(s.Scale)), s.Scale, 0)
}

// InverseTransform returns x ⊙ max|x| column by column.
func (s *MaxAbs) InverseTransform(x *mat.Dense) *mat.Dense {
	checkApply("MaxAbs", "InverseTransform", len(s.Scale), x)
	return unaffine(x, make([]float64, len(s.Scale)), s.Scale, 0)
}
