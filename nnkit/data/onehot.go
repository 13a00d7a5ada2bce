package data

import (
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// OneHot encodes labels y ∈ {0, …, classes−1} as an n×classes matrix with
// a single 1 per row:
//
//	T[i][c] = 1 if y[i] = c, else 0
//
// It is the target layout of a softmax output with cross-entropy loss.
// [Argmax] is its inverse. OneHot panics when a label is outside
// [0, classes).
func OneHot(y []int, classes int) *mat.Dense {
	if len(y) == 0 || classes < 1 {
		nnkit.Panicf("data: OneHot: %d labels and %d classes, want at least one of each", len(y), classes)
	}
	t := mat.NewDense(len(y), classes, nil)
	for i, c := range y {
		if c < 0 || c >= classes {
			nnkit.Panicf("data: OneHot: label %d of sample %d is outside [0, %d)", c, i, classes)
		}
		t.Set(i, c, 1)
	}
	return t
}

// Argmax returns, for every row of m, the column of its largest value (the
// first one on ties):
//
//	ŷ[i] = argmax_c m[i][c]
//
// It inverts [OneHot] and turns a matrix of class scores or probabilities
// into predicted labels.
func Argmax(m mat.Matrix) []int {
	r, c := m.Dims()
	out := make([]int, r)
	for i := range r {
		best := 0
		for j := 1; j < c; j++ {
			if m.At(i, j) > m.At(i, best) {
				best = j
			}
		}
		out[i] = best
	}
	return out
}

// Column returns labels as an n×1 matrix,
//
//	T[i][0] = y[i]
//
// the target of a single output unit: 0/1 labels for a sigmoid output with
// loss.BinaryCrossEntropy. For several classes and loss.CrossEntropy use
// [OneHot] instead; model.Fit says so when it is given class indices.
func Column(y []int) *mat.Dense {
	if len(y) == 0 {
		nnkit.Panicf("data: Column: no labels")
	}
	t := mat.NewDense(len(y), 1, nil)
	for i, c := range y {
		t.Set(i, 0, float64(c))
	}
	return t
}
