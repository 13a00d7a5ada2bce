package data

import (
	"iter"
	"math/rand/v2"

	"github.com/nnbook/nnbook/nnkit"
)

// Batches yields the row indices of successive mini-batches over n samples:
// ⌈n/size⌉ batches of size rows each, the last one holding the remainder. With
// a non-nil rng the order is a fresh permutation drawn from rng on each call
// (call it once per epoch); with a nil rng the rows come in order 0, 1, …, n−1.
//
//	size = n          batch gradient descent (one batch per epoch)
//	1 < size < n      mini-batch gradient descent
//	size = 1          online (stochastic) gradient descent
//
// A size above n gives one batch of n rows. The yielded slices share one
// backing array that belongs to the iteration: read them, take the rows with
// [Rows] or [Pick], and do not keep or modify them.
//
//	for idx := range data.Batches(n, 32, rng) {
//		xb, yb := data.Rows(x, idx), data.Pick(y, idx)
//		…
//	}
//
// Batches panics when n or size is less than 1.
func Batches(n, size int, rng *rand.Rand) iter.Seq[[]int] {
	if n < 1 || size < 1 {
		nnkit.Panicf("data: Batches: n is %d and size is %d, want both ≥ 1", n, size)
	}
	return func(yield func([]int) bool) {
		var order []int
		if rng != nil {
			order = rng.Perm(n)
		} else {
			order = make([]int, n)
			for i := range order {
				order[i] = i
			}
		}
		for start := 0; start < n; start += size {
			end := min(start+size, n)
			if !yield(order[start:end:end]) {
				return
			}
		}
	}
}
