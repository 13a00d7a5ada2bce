package model_test

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// xorData returns the four XOR inputs and their 0/1 targets (4×1).
func xorData() (x, y *mat.Dense) {
	return mat.NewDense(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1}),
		mat.NewDense(4, 1, []float64{0, 1, 1, 0})
}

// twoMoons returns n points of scikit-learn's two interleaving half
// circles with Gaussian noise, and one-hot labels (n×2):
//
//	class 0: (cos t, sin t),          t ~ U(0, π)
//	class 1: (1 − cos t, 1/2 − sin t)
func twoMoons(n int, noise float64, seed uint64) (x, y *mat.Dense) {
	rng := rand.New(rand.NewPCG(seed, seed))
	x, y = mat.NewDense(n, 2, nil), mat.NewDense(n, 2, nil)
	for i := range n {
		c := i % 2
		t := math.Pi * rng.Float64()
		px, py := math.Cos(t), math.Sin(t)
		if c == 1 {
			px, py = 1-px, 0.5-py
		}
		x.Set(i, 0, px+noise*rng.NormFloat64())
		x.Set(i, 1, py+noise*rng.NormFloat64())
		y.Set(i, c, 1)
	}
	return x, y
}

// randomData returns n rows of d uniform features in [−1, 1) and k-class
// one-hot targets.
func randomData(n, d, k int, seed uint64) (x, y *mat.Dense) {
	rng := rand.New(rand.NewPCG(seed, seed))
	x, y = mat.NewDense(n, d, nil), mat.NewDense(n, k, nil)
	for i := range n {
		for j := range d {
			x.Set(i, j, 2*rng.Float64()-1)
		}
		y.Set(i, rng.IntN(k), 1)
	}
	return x, y
}
