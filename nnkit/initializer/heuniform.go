package initializer

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

var _ Initializer = HeUniform{}

// HeUniform draws every weight uniformly from [−a, a] with
//
//	a = √(6 / n)        n = fan-in
//
// so that Var(w) = a²/3 = 2/n, the variance of [HeNormal] (Kaiming He et al.,
// 2015, https://arxiv.org/abs/1502.01852). It is PyTorch's kaiming_uniform_
// with nonlinearity "relu" and mode "fan_in" (PyTorch's nn.Linear default
// instead uses a = 1/√n, a LeakyReLU gain of slope √5) and Keras's
// he_uniform.
type HeUniform struct{}

// Fill draws w from U(−a, a).
func (HeUniform) Fill(w *mat.Dense, rng *rand.Rand) {
	n, _ := w.Dims()
	a := math.Sqrt(6 / float64(n))
	fill(w, func() float64 { return a * (2*rng.Float64() - 1) })
}

// String returns "he-uniform".
func (HeUniform) String() string { return "he-uniform" }
