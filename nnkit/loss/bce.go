package loss

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Loss      = (*BinaryCrossEntropy)(nil)
	_ nnkit.Validator = (*BinaryCrossEntropy)(nil)
)

// BinaryCrossEntropy is the cross-entropy of independent yes/no outputs, for
// a prediction p of probabilities (the output of a sigmoid) and a target t
// of 0s and 1s, both n×k:
//
//	L = −(1/(n·k)) Σᵢ Σⱼ [tᵢⱼ·log pᵢⱼ + (1 − tᵢⱼ)·log(1 − pᵢⱼ)]
//	∂L/∂pᵢⱼ = (pᵢⱼ − tᵢⱼ) / (pᵢⱼ·(1 − pᵢⱼ)·n·k)
//
// p is clipped to [ε, 1 − ε] (ε = Epsilon) first so that a saturated sigmoid
// gives a large finite loss rather than +Inf. Followed by a sigmoid, the
// gradient with respect to the sigmoid's input is (p − t)/(n·k).
type BinaryCrossEntropy struct {
	// Epsilon is the clipping bound ε. Default: 1e-12 (set by
	// NewBinaryCrossEntropy).
	Epsilon float64

	grad *mat.Dense
}

// NewBinaryCrossEntropy returns binary cross-entropy with ε = 1e-12.
func NewBinaryCrossEntropy() *BinaryCrossEntropy { return &BinaryCrossEntropy{Epsilon: 1e-12} }

func (b *BinaryCrossEntropy) clip(p float64) float64 {
	return min(max(p, b.Epsilon), 1-b.Epsilon)
}

// Loss returns L.
func (b *BinaryCrossEntropy) Loss(pred, target *mat.Dense) float64 {
	n, k := checkSame("BinaryCrossEntropy", pred, target)
	var sum float64
	for i := 0; i < n; i++ {
		p, t := pred.RawRowView(i), target.RawRowView(i)
		for j := range p {
			pj := b.clip(p[j])
			sum -= t[j]*math.Log(pj) + (1-t[j])*math.Log(1-pj)
		}
	}
	return sum / float64(n*k)
}

// Grad returns ∂L/∂pred, n×k.
func (b *BinaryCrossEntropy) Grad(pred, target *mat.Dense) *mat.Dense {
	n, k := checkSame("BinaryCrossEntropy", pred, target)
	b.grad = nnkit.Reuse(b.grad, n, k)
	nk := float64(n * k)
	for i := 0; i < n; i++ {
		p, t, g := pred.RawRowView(i), target.RawRowView(i), b.grad.RawRowView(i)
		for j := range p {
			pj := b.clip(p[j])
			g[j] = (pj - t[j]) / (pj * (1 - pj) * nk)
		}
	}
	return b.grad
}

// Validate reports an ε outside (0, 0.5).
func (b *BinaryCrossEntropy) Validate() error {
	if !(b.Epsilon > 0 && b.Epsilon < 0.5) {
		return fmt.Errorf("nnkit/loss: BinaryCrossEntropy epsilon must be in (0, 0.5), got %v", b.Epsilon)
	}
	return nil
}

// String returns "BinaryCrossEntropy".
func (*BinaryCrossEntropy) String() string { return "BinaryCrossEntropy" }
