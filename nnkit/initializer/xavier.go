package initializer

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

var _ Initializer = XavierNormal{}

// XavierNormal draws every weight from a normal distribution with mean 0 and
// standard deviation 1/√n, where n is the fan-in (the number of units in the
// previous layer):
//
//	w ~ N(0, σ²),  σ = 1/√n
//
// This is the form the lecture teaches (Xavier Glorot & Yoshua Bengio, 2010,
// "Understanding the difficulty of training deep feedforward neural
// networks", https://proceedings.mlr.press/v9/glorot10a.html). It keeps the
// variance of a sigmoid or tanh layer's pre-activations near that of its
// inputs. It is not PyTorch's xavier_normal_ nor Keras's glorot_normal:
// those average the fan-in and fan-out, σ = √(2/(n+m)), which is
// [GlorotNormal]. The name Xavier* marks the lecture's fan-in form, Glorot*
// the paper's averaged fan.
type XavierNormal struct{}

// Fill draws w from N(0, 1/n).
func (XavierNormal) Fill(w *mat.Dense, rng *rand.Rand) {
	n, _ := w.Dims()
	sigma := 1 / math.Sqrt(float64(n))
	fill(w, func() float64 { return sigma * rng.NormFloat64() })
}

// String returns "xavier-normal".
func (XavierNormal) String() string { return "xavier-normal" }

var _ Initializer = GlorotUniform{}

// GlorotUniform draws every weight uniformly from [−a, a] with
//
//	a = √(6 / (n + m))        n = fan-in, m = fan-out
//
// so that Var(w) = 2/(n+m), the compromise between forward and backward
// signal variance of Glorot & Bengio (2010), equation 16. It is Keras's
// default (glorot_uniform) and PyTorch's xavier_uniform_.
type GlorotUniform struct{}

// Fill draws w from U(−a, a).
func (GlorotUniform) Fill(w *mat.Dense, rng *rand.Rand) {
	n, m := w.Dims()
	a := math.Sqrt(6 / float64(n+m))
	fill(w, func() float64 { return a * (2*rng.Float64() - 1) })
}

// String returns "glorot-uniform".
func (GlorotUniform) String() string { return "glorot-uniform" }
