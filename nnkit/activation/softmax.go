package activation

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var _ nnkit.Layer = (*Softmax)(nil)

// Softmax turns each row of scores into probabilities:
//
//	yᵢⱼ = exp(xᵢⱼ − mᵢ) / Σₖ exp(xᵢₖ − mᵢ),   mᵢ = maxₖ xᵢₖ
//	∂L/∂xᵢⱼ = yᵢⱼ · (∂L/∂yᵢⱼ − Σₖ ∂L/∂yᵢₖ · yᵢₖ)
//
// Subtracting the row maximum mᵢ changes nothing mathematically and keeps
// exp from overflowing, so rows of scores like 1000 work. To train a
// classifier, prefer identity outputs with loss.CrossEntropy, which fuses
// the softmax into the loss; use this layer for probabilities at inference
// or with another loss.
type Softmax struct {
	y, dx *mat.Dense
}

// NewSoftmax returns a softmax activation.
func NewSoftmax() *Softmax { return &Softmax{} }

// Forward returns the row-wise softmax; x: n×k → n×k, each row summing to 1.
func (s *Softmax) Forward(x *mat.Dense, _ nnkit.Mode) *mat.Dense {
	r, c := x.Dims()
	s.y = nnkit.Reuse(s.y, r, c)
	for i := 0; i < r; i++ {
		SoftmaxRow(s.y.RawRowView(i), x.RawRowView(i))
	}
	return s.y
}

// SoftmaxRow writes the softmax of x into dst (which may be x itself) and
// returns dst; the two must have the same length. It is the function Forward
// applies to every row, usable on a plain vector.
func SoftmaxRow(dst, x []float64) []float64 {
	if len(dst) != len(x) {
		nnkit.Panicf("nnkit/activation: SoftmaxRow: dst has length %d, x has length %d", len(dst), len(x))
	}
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, v)
	}
	var sum float64
	for j, v := range x {
		dst[j] = math.Exp(v - m) // shift by the row maximum
		sum += dst[j]
	}
	for j := range dst {
		dst[j] /= sum
	}
	return dst
}

// Backward returns ∂L/∂x (n×k) from ∂L/∂y through the softmax Jacobian.
func (s *Softmax) Backward(dOut *mat.Dense) *mat.Dense {
	r, c := checkBackward("Softmax", s.y, dOut)
	s.dx = nnkit.Reuse(s.dx, r, c)
	for i := 0; i < r; i++ {
		y, d, dx := s.y.RawRowView(i), dOut.RawRowView(i), s.dx.RawRowView(i)
		var dot float64
		for k := range y {
			dot += d[k] * y[k] // Σₖ ∂L/∂yₖ · yₖ
		}
		for j := range y {
			dx[j] = y[j] * (d[j] - dot)
		}
	}
	return s.dx
}

// Params returns nil: Softmax has no parameters.
func (*Softmax) Params() []*nnkit.Param { return nil }

// String returns "Softmax".
func (*Softmax) String() string { return "Softmax" }
