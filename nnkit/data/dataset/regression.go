package dataset

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Curve returns n noisy samples of a function of one variable, for regression
// and for showing overfitting with polynomials or wide networks:
//
//	x ~ U[0, 1) (sorted ascending),   y = f(x) + noise·N(0, 1)
//
// x is n×1 and y is n×1. A nil f means f(x) = sin 2πx, the curve used in
// Bishop's Pattern Recognition and Machine Learning (§1.1). It panics when
// n < 1 or noise < 0.
func Curve(n int, f func(x float64) float64, noise float64, seed uint64) (x, y *mat.Dense) {
	checkN("Curve", n, 1, noise)
	if f == nil {
		f = func(x float64) float64 { return math.Sin(2 * math.Pi * x) }
	}
	rng := newRand(seed)
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = rng.Float64()
	}
	slices.Sort(xs)
	ys := make([]float64, n)
	for i, v := range xs {
		ys[i] = f(v) + noise*rng.NormFloat64()
	}
	return mat.NewDense(n, 1, xs), mat.NewDense(n, 1, ys)
}

// Surface returns n noisy samples of a function of two variables:
//
//	x ~ U[−1, 1)²,   y = f(x₁, x₂) + noise·N(0, 1)
//
// x is n×2 and y is n×1. A nil f means f(x₁, x₂) = sin(πx₁)·cos(πx₂). It
// panics when n < 1 or noise < 0.
func Surface(n int, f func(x1, x2 float64) float64, noise float64, seed uint64) (x, y *mat.Dense) {
	checkN("Surface", n, 1, noise)
	if f == nil {
		f = func(x1, x2 float64) float64 { return math.Sin(math.Pi*x1) * math.Cos(math.Pi*x2) }
	}
	rng := newRand(seed)
	x = mat.NewDense(n, 2, nil)
	y = mat.NewDense(n, 1, nil)
	for i := range n {
		x1, x2 := 2*rng.Float64()-1, 2*rng.Float64()-1
		x.Set(i, 0, x1)
		x.Set(i, 1, x2)
		y.Set(i, 0, f(x1, x2)+noise*rng.NormFloat64())
	}
	return x, y
}
