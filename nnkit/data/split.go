package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// Split holds the row indices of a training part and a test (or validation)
// part of a data set. Use [Rows] and [Pick] to take those rows.
type Split struct {
	Train, Test []int
}

// newRand returns the PCG source used throughout the package for a seed.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

// Shuffle returns a random permutation of 0, 1, …, n−1 drawn from rng
// (Fisher–Yates).
func Shuffle(n int, rng *rand.Rand) []int {
	if n < 0 || rng == nil {
		nnkit.Panicf("data: Shuffle: length %d and rng %v, want n ≥ 0 and a non-nil rng", n, rng)
	}
	return rng.Perm(n)
}

// TrainTest splits n samples at random into a training part and a test part
// holding round(testFraction·n) samples, like scikit-learn's train_test_split
// with shuffling; both parts are in shuffled order. It returns an error when
// testFraction is not in (0, 1) or when a part would be empty.
func TrainTest(n int, testFraction float64, seed uint64) (Split, error) {
	nTest, err := testSize(n, testFraction)
	if err != nil {
		return Split{}, err
	}
	perm := newRand(seed).Perm(n)
	return Split{Train: perm[nTest:], Test: perm[:nTest:nTest]}, nil
}

// StratifiedTrainTest is [TrainTest] that keeps the class proportions of y in
// both parts: each class c contributes round(testFraction·n_c) samples to the
// test part (at least one and at most n_c−1 when n_c ≥ 2). It returns an error
// when testFraction is not in (0, 1), a label is negative, or a part would be
// empty.
func StratifiedTrainTest(y []int, testFraction float64, seed uint64) (Split, error) {
	if _, err := testSize(len(y), testFraction); err != nil {
		return Split{}, err
	}
	byClass, err := classIndices(y)
	if err != nil {
		return Split{}, err
	}
	rng := newRand(seed)
	var s Split
	for _, idx := range byClass {
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		k := int(math.Round(testFraction * float64(len(idx))))
		if len(idx) >= 2 {
			k = min(max(k, 1), len(idx)-1)
		}
		s.Test = append(s.Test, idx[:k]...)
		s.Train = append(s.Train, idx[k:]...)
	}
	// Interleave the classes so that the parts are not ordered by class.
	rng.Shuffle(len(s.Train), func(i, j int) { s.Train[i], s.Train[j] = s.Train[j], s.Train[i] })
	rng.Shuffle(len(s.Test), func(i, j int) { s.Test[i], s.Test[j] = s.Test[j], s.Test[i] })
	if len(s.Train) == 0 || len(s.Test) == 0 {
		return Split{}, fmt.Errorf("data: StratifiedTrainTest: %d samples with test fraction %g leave a part empty", len(y), testFraction)
	}
	return s, nil
}

func testSize(n int, testFraction float64) (int, error) {
	if !(testFraction > 0 && testFraction < 1) {
		return 0, fmt.Errorf("data: test fraction is %g, want a value in (0, 1)", testFraction)
	}
	nTest := int(math.Round(testFraction * float64(n)))
	if nTest == 0 || nTest == n {
		return 0, fmt.Errorf("data: %d samples with test fraction %g leave a part empty; use more samples or another fraction", n, testFraction)
	}
	return nTest, nil
}

// KFold splits n samples into k folds for cross-validation after a seeded
// shuffle. Fold i uses the i-th part as its test part and the other k−1 parts
// for training; the first n mod k parts hold one sample more, as in
// scikit-learn's KFold. Every sample is in exactly one test part. It returns
// an error when k < 2 or k > n.
func KFold(n, k int, seed uint64) ([]Split, error) {
	if k < 2 || k > n {
		return nil, fmt.Errorf("data: KFold: k is %d for %d samples, want 2 ≤ k ≤ %d", k, n, n)
	}
	perm := newRand(seed).Perm(n)
	folds := make([][]int, k)
	start := 0
	for i := range folds {
		size := n / k
		if i < n%k {
			size++
		}
		folds[i] = perm[start : start+size]
		start += size
	}
	return foldSplits(folds), nil
}

// StratifiedKFold is [KFold] that keeps the class proportions of y in every
// fold: the shuffled samples of each class are dealt to the folds in turn, so
// the counts of one class in two folds differ by at most one and fold sizes
// differ by at most one. It returns an error when k < 2 or k > len(y), or
// when a label is negative.
func StratifiedKFold(y []int, k int, seed uint64) ([]Split, error) {
	if k < 2 || k > len(y) {
		return nil, fmt.Errorf("data: StratifiedKFold: k is %d for %d samples, want 2 ≤ k ≤ %d", k, len(y), len(y))
	}
	byClass, err := classIndices(y)
	if err != nil {
		return nil, err
	}
	rng := newRand(seed)
	folds := make([][]int, k)
	next := 0
	for _, idx := range byClass {
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for _, i := range idx {
			folds[next] = append(folds[next], i)
			next = (next + 1) % k
		}
	}
	return foldSplits(folds), nil
}

func foldSplits(folds [][]int) []Split {
	splits := make([]Split, len(folds))
	for i, f := range folds {
		test := slices.Clone(f)
		var train []int
		for j, g := range folds {
			if j != i {
				train = append(train, g...)
			}
		}
		slices.Sort(test)
		slices.Sort(train)
		splits[i] = Split{Train: train, Test: test}
	}
	return splits
}

// classIndices returns the sample indices of each class 0, 1, …, max(y); a
// class without samples has an empty slice.
func classIndices(y []int) ([][]int, error) {
	var byClass [][]int
	for i, c := range y {
		if c < 0 {
			return nil, fmt.Errorf("data: label %d of sample %d is negative; labels must be 0, 1, …, C−1", c, i)
		}
		for c >= len(byClass) {
			byClass = append(byClass, nil)
		}
		byClass[c] = append(byClass[c], i)
	}
	return byClass, nil
}

// Rows returns a new matrix holding the rows idx of x, in that order.
func Rows(x *mat.Dense, idx []int) *mat.Dense {
	r, c := x.Dims()
	if len(idx) == 0 {
		nnkit.Panicf("data: Rows: no row indices for a %d×%d matrix", r, c)
	}
	out := mat.NewDense(len(idx), c, nil)
	for k, i := range idx {
		if i < 0 || i >= r {
			nnkit.Panicf("data: Rows: index %d out of range for a %d×%d matrix", i, r, c)
		}
		copy(out.RawRowView(k), x.RawRowView(i))
	}
	return out
}

// Pick returns the elements idx of s, in that order: Pick(y, split.Train)
// gives the training labels.
func Pick[T any](s []T, idx []int) []T {
	out := make([]T, len(idx))
	for k, i := range idx {
		out[k] = s[i]
	}
	return out
}
