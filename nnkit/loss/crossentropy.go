package loss

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var _ nnkit.Loss = (*CrossEntropy)(nil)

// CrossEntropy is the softmax cross-entropy for classification into k
// classes. Its prediction z holds raw scores (logits, n×k: use an identity
// output layer) and its target t the class probabilities, usually one-hot
// (n×k). The softmax is part of the loss:
//
//	L = (1/n) Σᵢ [ −Σⱼ tᵢⱼ·log softmax(zᵢ)ⱼ ]
//	  = (1/n) Σᵢ [ (Σⱼ tᵢⱼ)·LSE(zᵢ) − Σⱼ tᵢⱼ·zᵢⱼ ],   LSE(zᵢ) = mᵢ + log Σₖ exp(zᵢₖ − mᵢ),  mᵢ = maxₖ zᵢₖ
//	∂L/∂zᵢⱼ = ((Σₖ tᵢₖ)·softmax(zᵢ)ⱼ − tᵢⱼ) / n       = (softmax(zᵢ)ⱼ − tᵢⱼ)/n for one-hot t
//
// Fusing the two keeps the loss exact and finite for scores of any size
// (log-sum-exp with the row maximum subtracted), where a separate softmax
// followed by log would give log 0 = −Inf, and gives the famously simple
// gradient "prediction minus target". It equals PyTorch's CrossEntropyLoss
// on probability targets and Keras's CategoricalCrossentropy(from_logits=True).
type CrossEntropy struct{ grad *mat.Dense }

// NewCrossEntropy returns the softmax cross-entropy.
func NewCrossEntropy() *CrossEntropy { return &CrossEntropy{} }

// logSumExp returns LSE(z) computed with the maximum subtracted.
func logSumExp(z []float64) float64 {
	m := math.Inf(-1)
	for _, v := range z {
		m = max(m, v)
	}
	var s float64
	for _, v := range z {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

// Loss returns L.
func (*CrossEntropy) Loss(pred, target *mat.Dense) float64 {
	n, _ := checkSame("CrossEntropy", pred, target)
	var sum float64
	for i := 0; i < n; i++ {
		z, t := pred.RawRowView(i), target.RawRowView(i)
		lse := logSumExp(z)
		for j, tj := range t {
			if tj != 0 {
				sum += tj * (lse - z[j]) // −t·log softmax(z) = t·(LSE − z)
			}
		}
	}
	return sum / float64(n)
}

// Grad returns ∂L/∂z, n×k.
func (c *CrossEntropy) Grad(pred, target *mat.Dense) *mat.Dense {
	n, k := checkSame("CrossEntropy", pred, target)
	c.grad = nnkit.Reuse(c.grad, n, k)
	for i := 0; i < n; i++ {
		z, t, g := pred.RawRowView(i), target.RawRowView(i), c.grad.RawRowView(i)
		lse := logSumExp(z)
		var sumT float64
		for _, tj := range t {
			sumT += tj
		}
		for j := range z {
			g[j] = (sumT*math.Exp(z[j]-lse) - t[j]) / float64(n) // (Σt·softmax − t)/n
		}
	}
	return c.grad
}

// String returns "CrossEntropy".
func (*CrossEntropy) String() string { return "CrossEntropy" }
