package initializer

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

var _ Initializer = HeNormal{}

// HeNormal draws every weight from a normal distribution with mean 0 and
// standard deviation √(2/n), where n is the fan-in:
//
//	w ~ N(0, σ²),  σ = √(2/n)
//
// The factor 2 makes up for ReLU zeroing half of its inputs, so the variance
// of the activations stays constant from layer to layer (Kaiming He et al.,
// 2015, "Delving Deep into Rectifiers", https://arxiv.org/abs/1502.01852).
// It matches PyTorch's kaiming_normal_ (fan_in, relu) and Keras's he_normal
// without truncation.
type HeNormal struct{}

// Fill draws w from N(0, 2/n).
func (HeNormal) Fill(w *mat.Dense, rng *rand.Rand) {
	n, _ := w.Dims()
	sigma := math.Sqrt(2 / float64(n))
	fill(w, func() float64 { return sigma * rng.NormFloat64() })
}

// String returns "he-normal".
func (HeNormal) String() string { return "he-normal" }
