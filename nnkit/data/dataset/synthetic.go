package dataset

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// newRand returns the PCG source used for a seed.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

// checkN panics unless n ≥ min and every value in nonNeg is a finite value ≥ 0.
func checkN(name string, n, least int, nonNeg ...float64) {
	if n < least {
		nnkit.Panicf("dataset: %s: n is %d, want at least %d", name, n, least)
	}
	for _, v := range nonNeg {
		if !(v >= 0) || math.IsInf(v, 0) {
			nnkit.Panicf("dataset: %s: parameter is %v, want a finite value ≥ 0", name, v)
		}
	}
}

// shuffled applies one seeded permutation to the rows of x and to y.
func shuffled(x *mat.Dense, y []int, rng *rand.Rand) (*mat.Dense, []int) {
	n, d := x.Dims()
	perm := rng.Perm(n)
	xs := mat.NewDense(n, d, nil)
	ys := make([]int, n)
	for i, p := range perm {
		copy(xs.RawRowView(i), x.RawRowView(p))
		ys[i] = y[p]
	}
	return xs, ys
}

// Blobs returns n points in the plane drawn from isotropic Gaussians around
// the given number of class centres, which sit evenly on the unit circle
// scaled by 3:
//
//	μ_c = 3·(cos 2πc/C, sin 2πc/C),   x ~ N(μ_c, std²·I),   class c
//
// Class sizes differ by at most one, and the rows are shuffled. With two
// classes and std ≲ 1 the blobs are linearly separable in practice; use
// [Separable] when separability must be guaranteed. It panics when n <
// classes, classes < 1 or std < 0.
func Blobs(n, classes int, std float64, seed uint64) (*mat.Dense, []int) {
	if classes < 1 {
		nnkit.Panicf("dataset: Blobs: classes is %d, want at least 1", classes)
	}
	checkN("Blobs", n, classes, std)
	rng := newRand(seed)
	x := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	for i := range n {
		c := i % classes
		a := 2 * math.Pi * float64(c) / float64(classes)
		x.Set(i, 0, 3*math.Cos(a)+std*rng.NormFloat64())
		x.Set(i, 1, 3*math.Sin(a)+std*rng.NormFloat64())
		y[i] = c
	}
	return shuffled(x, y, rng)
}

// Separable returns n points drawn uniformly from the square [−1, 1]² and
// labelled by a random line w·x + b = 0 through the square; points closer
// than margin to the line are redrawn, so the two classes are linearly
// separable with at least that margin, and the perceptron learning rule
// converges on them (Novikoff, 1962). It panics when n < 1 or margin is
// negative or at least 0.5.
func Separable(n int, margin float64, seed uint64) (*mat.Dense, []int) {
	checkN("Separable", n, 1, margin)
	if margin >= 0.5 {
		nnkit.Panicf("dataset: Separable: margin is %g, want a value in [0, 0.5)", margin)
	}
	rng := newRand(seed)
	// A unit normal w and an offset b that puts the line near the centre.
	a := 2 * math.Pi * rng.Float64()
	w := [2]float64{math.Cos(a), math.Sin(a)}
	b := 0.4 * (2*rng.Float64() - 1)
	x := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	for i := 0; i < n; {
		p0, p1 := 2*rng.Float64()-1, 2*rng.Float64()-1
		s := w[0]*p0 + w[1]*p1 + b // signed distance, since ‖w‖ = 1
		if math.Abs(s) < margin {
			continue
		}
		x.Set(i, 0, p0)
		x.Set(i, 1, p1)
		if s > 0 {
			y[i] = 1
		}
		i++
	}
	return x, y
}

// Moons returns two interleaving half circles, as scikit-learn's make_moons:
// ⌊n/2⌋ points of class 0 on the upper half of the unit circle and the rest,
// class 1, on a lower half circle shifted by (1, 0.5):
//
//	class 0: (cos t, sin t),             t evenly spaced in [0, π]
//	class 1: (1 − cos t, 1 − sin t − ½)
//
// plus Gaussian noise of standard deviation noise on both coordinates. The
// rows are shuffled. No straight line separates the classes. It panics when
// n < 2 or noise < 0.
func Moons(n int, noise float64, seed uint64) (*mat.Dense, []int) {
	checkN("Moons", n, 2, noise)
	rng := newRand(seed)
	nOut := n / 2
	nIn := n - nOut
	x := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	for i := range nOut {
		t := math.Pi * float64(i) / float64(max(nOut-1, 1))
		x.Set(i, 0, math.Cos(t))
		x.Set(i, 1, math.Sin(t))
	}
	for i := range nIn {
		t := math.Pi * float64(i) / float64(max(nIn-1, 1))
		x.Set(nOut+i, 0, 1-math.Cos(t))
		x.Set(nOut+i, 1, 1-math.Sin(t)-0.5)
		y[nOut+i] = 1
	}
	addNoise(x, noise, rng)
	return shuffled(x, y, rng)
}

// Circles returns two concentric circles, as scikit-learn's make_circles:
// ⌊n/2⌋ points of class 0 on the unit circle and the rest, class 1, on the
// circle of radius factor, at evenly spaced angles, plus Gaussian noise of
// standard deviation noise. The rows are shuffled. The classes are
// separable by radius but not by any straight line. It panics when n < 2,
// noise < 0, or factor is not in (0, 1).
func Circles(n int, factor, noise float64, seed uint64) (*mat.Dense, []int) {
	checkN("Circles", n, 2, noise)
	if !(factor > 0 && factor < 1) {
		nnkit.Panicf("dataset: Circles: factor is %g, want a value in (0, 1)", factor)
	}
	rng := newRand(seed)
	nOut := n / 2
	nIn := n - nOut
	x := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	for i := range nOut {
		t := 2 * math.Pi * float64(i) / float64(nOut)
		x.Set(i, 0, math.Cos(t))
		x.Set(i, 1, math.Sin(t))
	}
	for i := range nIn {
		t := 2 * math.Pi * float64(i) / float64(nIn)
		x.Set(nOut+i, 0, factor*math.Cos(t))
		x.Set(nOut+i, 1, factor*math.Sin(t))
		y[nOut+i] = 1
	}
	addNoise(x, noise, rng)
	return shuffled(x, y, rng)
}

// Spirals returns n points on the given number of interleaved spiral arms,
// one class per arm (the classic test that needs a hidden layer with
// several units). Arm c starts at the origin and winds outwards:
//
//	r = t,   θ = 2πc/arms + 3π·t,   t evenly spaced in [0, 1]
//	x = r·(cos θ, sin θ) + noise·N(0, I)
//
// Arm sizes differ by at most one, and the rows are shuffled. It panics when
// arms < 1, n < 2·arms or noise < 0.
func Spirals(n, arms int, noise float64, seed uint64) (*mat.Dense, []int) {
	if arms < 1 {
		nnkit.Panicf("dataset: Spirals: arms is %d, want at least 1", arms)
	}
	checkN("Spirals", n, 2*arms, noise)
	rng := newRand(seed)
	x := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	i := 0
	for c := range arms {
		size := n / arms
		if c < n%arms {
			size++
		}
		for k := range size {
			t := float64(k) / float64(size-1)
			theta := 2*math.Pi*float64(c)/float64(arms) + 3*math.Pi*t
			x.Set(i, 0, t*math.Cos(theta))
			x.Set(i, 1, t*math.Sin(theta))
			y[i] = c
			i++
		}
	}
	addNoise(x, noise, rng)
	return shuffled(x, y, rng)
}

// Imbalanced returns a two-class set with a rare class: n points of which
// round(minority·n) (at least one) belong to class 1. Class 0 is drawn from
// N((−1, 0), I) and class 1 from N((1, 1), 0.5²·I), so the classes overlap a
// little, as real imbalanced data do. The rows are shuffled. Use it to show
// why accuracy misleads (predicting 0 always scores 1 − minority) and what
// oversampling, undersampling and SMOTE do. It panics when n < 2 or minority
// is not in (0, 0.5].
func Imbalanced(n int, minority float64, seed uint64) (*mat.Dense, []int) {
	checkN("Imbalanced", n, 2)
	if !(minority > 0 && minority <= 0.5) {
		nnkit.Panicf("dataset: Imbalanced: minority is %g, want a fraction in (0, 0.5]", minority)
	}
	rng := newRand(seed)
	nMin := max(int(math.Round(minority*float64(n))), 1)
	x := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	for i := range n {
		if i < nMin {
			x.Set(i, 0, 1+0.5*rng.NormFloat64())
			x.Set(i, 1, 1+0.5*rng.NormFloat64())
			y[i] = 1
		} else {
			x.Set(i, 0, -1+rng.NormFloat64())
			x.Set(i, 1, rng.NormFloat64())
		}
	}
	return shuffled(x, y, rng)
}

func addNoise(x *mat.Dense, std float64, rng *rand.Rand) {
	if std == 0 {
		return
	}
	r, _ := x.Dims()
	for i := range r {
		row := x.RawRowView(i)
		for j := range row {
			row[j] += std * rng.NormFloat64()
		}
	}
}
