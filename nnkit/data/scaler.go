package data

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// Scaler is a feature transformation learnt from training data. Fit learns
// per-feature statistics from x (n×d); Transform applies them to any n×d
// matrix and returns a new one; InverseTransform undoes Transform. Transform
// and InverseTransform panic when called before Fit or with a number of
// columns other than the one Fit saw.
//
// [MinMax], [MaxAbs], [Standardize], [PCAWhiten] and [ZCAWhiten] implement it.
type Scaler interface {
	Fit(x *mat.Dense) error
	Transform(x *mat.Dense) *mat.Dense
	InverseTransform(x *mat.Dense) *mat.Dense
}

var (
	_ Scaler = (*MinMax)(nil)
	_ Scaler = (*MaxAbs)(nil)
	_ Scaler = (*Standardize)(nil)
	_ Scaler = (*PCAWhiten)(nil)
	_ Scaler = (*ZCAWhiten)(nil)
)

// checkFinite returns an error, naming the method, when x has no rows or
// holds a NaN or ±Inf.
func checkFinite(method string, x *mat.Dense) error {
	r, c := x.Dims()
	if r == 0 || c == 0 {
		return fmt.Errorf("data: %s: x is %d×%d, want at least one row and column", method, r, c)
	}
	for i := range r {
		for j, v := range x.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("data: %s: x[%d][%d] is %v; remove or impute non-finite values first", method, i, j, v)
			}
		}
	}
	return nil
}

// checkApply panics when a fitted scaler with d features meets x with another
// number of columns, or when it has not been fitted (d = 0).
func checkApply(name, method string, d int, x *mat.Dense) {
	if d == 0 {
		nnkit.Panicf("data: %s.%s called before Fit", name, method)
	}
	if r, c := x.Dims(); c != d {
		nnkit.Panicf("data: %s.%s: x is %d×%d, fitted on %d columns", name, method, r, c, d)
	}
}

// affine returns (x − shift) ⊘ scale + offset, column by column.
func affine(x *mat.Dense, shift, scale []float64, offset float64) *mat.Dense {
	r, c := x.Dims()
	out := mat.NewDense(r, c, nil)
	for i := range r {
		src, dst := x.RawRowView(i), out.RawRowView(i)
		for j, v := range src {
			dst[j] = (v-shift[j])/scale[j] + offset
		}
	}
	return out
}

// unaffine inverts affine: (z − offset) ⊙ scale + shift.
func unaffine(z *mat.Dense, shift, scale []float64, offset float64) *mat.Dense {
	r, c := z.Dims()
	out := mat.NewDense(r, c, nil)
	for i := range r {
		src, dst := z.RawRowView(i), out.RawRowView(i)
		for j, v := range src {
			dst[j] = (v-offset)*scale[j] + shift[j]
		}
	}
	return out
}

// columnMeans returns the mean of each column of x.
func columnMeans(x *mat.Dense) []float64 {
	r, c := x.Dims()
	mean := make([]float64, c)
	for i := range r {
		for j, v := range x.RawRowView(i) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(r)
	}
	return mean
}
