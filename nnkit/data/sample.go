package data

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// Sampler rebalances the classes of a labelled data set. Resample returns a
// new x and y; the input is left unchanged.
//
// [RandomOversample], [RandomUndersample] and [SMOTE] implement it.
type Sampler interface {
	Resample(x *mat.Dense, y []int) (*mat.Dense, []int, error)
}

var (
	_ Sampler = (*RandomOversample)(nil)
	_ Sampler = (*RandomUndersample)(nil)
	_ Sampler = (*SMOTE)(nil)

	_ nnkit.Validator = (*RandomOversample)(nil)
	_ nnkit.Validator = (*RandomUndersample)(nil)
	_ nnkit.Validator = (*SMOTE)(nil)
)

// checkRatio returns an error unless 0 < ratio ≤ 1.
func checkRatio(name string, ratio float64) error {
	if !(ratio > 0 && ratio <= 1) {
		return fmt.Errorf("data: %s: Ratio is %g, want a value in (0, 1] (1 balances the classes)", name, ratio)
	}
	return nil
}

// samplerClasses checks x and y and returns the sample indices of each class
// 0, 1, …, C−1. It panics when x and y disagree in length and returns an
// error when a label is negative, a class between 0 and the largest label
// has no samples, or there are fewer than two classes.
func samplerClasses(name string, x *mat.Dense, y []int) ([][]int, error) {
	if r, c := x.Dims(); r != len(y) {
		nnkit.Panicf("data: %s.Resample: x is %d×%d but y has %d labels", name, r, c, len(y))
	}
	byClass, err := classIndices(y)
	if err != nil {
		return nil, err
	}
	if len(byClass) < 2 {
		return nil, fmt.Errorf("data: %s.Resample: y holds %d class, want at least 2 to rebalance", name, len(byClass))
	}
	for c, idx := range byClass {
		if len(idx) == 0 {
			return nil, fmt.Errorf("data: %s.Resample: class %d has no samples; labels must be 0, 1, …, %d with every class present", name, c, len(byClass)-1)
		}
	}
	return byClass, nil
}

// oversampleTargets returns how many samples to add to each class so that
// each has at least ⌊ratio·n_max⌋ samples, n_max being the size of the
// largest class (imbalanced-learn's sampling_strategy as a float, applied to
// every class).
func oversampleTargets(byClass [][]int, ratio float64) []int {
	nMax := 0
	for _, idx := range byClass {
		nMax = max(nMax, len(idx))
	}
	want := int(math.Floor(ratio * float64(nMax)))
	add := make([]int, len(byClass))
	for c, idx := range byClass {
		add[c] = max(want-len(idx), 0)
	}
	return add
}

// grow returns copies of x and y with extra zero rows and labels appended,
// for a sampler to fill in.
func grow(x *mat.Dense, y []int, extra int) (*mat.Dense, []int) {
	r, c := x.Dims()
	out := mat.NewDense(r+extra, c, nil)
	out.Slice(0, r, 0, c).(*mat.Dense).Copy(x)
	yOut := make([]int, r+extra)
	copy(yOut, y)
	return out, yOut
}
