package initializer

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

var _ Initializer = GlorotNormal{}

// GlorotNormal draws every weight from a normal distribution with mean 0 and
// the variance of Glorot & Bengio (2010), equation 16, which averages the
// fan-in n and the fan-out m:
//
//	w ~ N(0, σ²),  σ = √(2 / (n + m))
//
// It is PyTorch's xavier_normal_ (gain 1) and Keras's glorot_normal without
// truncation. [XavierNormal] is the lecture's fan-in-only form σ = 1/√n;
// the two agree only for square matrices (n = m). Names: the Glorot*
// initializers follow the paper's averaged fan (GlorotNormal,
// [GlorotUniform]), XavierNormal the lecture.
type GlorotNormal struct{}

// Fill draws w from N(0, 2/(n+m)).
func (GlorotNormal) Fill(w *mat.Dense, rng *rand.Rand) {
	n, m := w.Dims()
	sigma := math.Sqrt(2 / float64(n+m))
	fill(w, func() float64 { return sigma * rng.NormFloat64() })
}

// String returns "glorot-normal".
func (GlorotNormal) String() string { return "glorot-normal" }
