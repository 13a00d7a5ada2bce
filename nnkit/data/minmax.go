package data

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// MinMax scales each feature linearly so that the training data span
// [Low, High]:
//
//	x′ = (x − min) / (max − min) · (High − Low) + Low
//
// where min and max are the per-feature minimum and maximum learnt by Fit
// (fields DataMin, DataMax). A feature that is constant in the training data
// gets max − min replaced by 1, as in scikit-learn's MinMaxScaler, so it maps
// to Low instead of NaN. Test data may fall outside [Low, High]; MinMax does
// not clip.
//
// When the minimum of a feature is 0, min-max scaling is division by the
// maximum: the lecture's example scales an age of 40 with maximum 80 to 0.5
// and a salary of 5 000 000 with maximum 20 000 000 to 0.25 (see also
// [MaxAbs]).
type MinMax struct {
	// Low and High are the target range. Default: 0 and 1 (set by NewMinMax).
	Low, High float64
	// DataMin and DataMax hold the per-feature minimum and maximum of the
	// training data; Fit sets them.
	DataMin, DataMax []float64
	scale            []float64 // (max − min) / (High − Low), 1 replacing a zero range
}

// NewMinMax returns a MinMax scaler to [0, 1].
func NewMinMax() *MinMax { return &MinMax{Low: 0, High: 1} }

// String returns the range and, once fitted, the number of features.
func (s *MinMax) String() string {
	return fmt.Sprintf("MinMax(range=[%g, %g], features=%d)", s.Low, s.High, len(s.DataMin))
}

// Fit learns the per-feature minimum and maximum of x. It returns an error
// when Low ≥ High, x is empty or x holds a NaN or ±Inf.
func (s *MinMax) Fit(x *mat.Dense) error {
	if !(s.Low < s.High) {
		return fmt.Errorf("data: MinMax: range is [%g, %g], want Low < High", s.Low, s.High)
	}
	if err := checkFinite("MinMax.Fit", x); err != nil {
		return err
	}
	r, c := x.Dims()
	lo, hi := make([]float64, c), make([]float64, c)
	for j := range c {
		lo[j], hi[j] = math.Inf(1), math.Inf(-1)
	}
	for i := range r {
		for j, v := range x.RawRowView(i) {
			lo[j], hi[j] = math.Min(lo[j], v), math.Max(hi[j], v)
		}
	}
	s.DataMin, s.DataMax = lo, hi
	s.scale = make([]float64, c)
	for j := range c {
		rng := hi[j] - lo[j]
		if rng == 0 {
			rng = 1
		}
		s.scale[j] = rng / (s.High - s.Low)
	}
	return nil
}

// Transform returns x scaled with the fitted minimum and maximum.
func (s *MinMax) Transform(x *mat.Dense) *mat.Dense {
	checkApply("MinMax", "Transform", len(s.scale), x)
	return affine(x, s.DataMin, s.scale, s.Low)
}

// InverseTransform maps scaled values back to the original units.
func (s *MinMax) InverseTransform(x *mat.Dense) *mat.Dense {
	checkApply("MinMax", "InverseTransform", len(s.scale), x)
	return unaffine(x, s.DataMin, s.scale, s.Low)
}
