package loss

import (
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var _ nnkit.Loss = (*MSE)(nil)

// MSE is the mean squared error, for regression. For a prediction p and
// target t, both n×k:
//
//	L = (1/(n·k)) Σᵢ Σⱼ (pᵢⱼ − tᵢⱼ)²
//	∂L/∂pᵢⱼ = 2·(pᵢⱼ − tᵢⱼ) / (n·k)
//
// the average of the squared differences between prediction and target
// (lecture: 平均二乗誤差). It averages over the k outputs as well as the n
// samples, like PyTorch's MSELoss and Keras's MeanSquaredError.
type MSE struct{ grad *mat.Dense }

// NewMSE returns the mean squared error.
func NewMSE() *MSE { return &MSE{} }

// Loss returns L.
func (*MSE) Loss(pred, target *mat.Dense) float64 {
	n, k := checkSame("MSE", pred, target)
	var sum float64
	for i := 0; i < n; i++ {
		p, t := pred.RawRowView(i), target.RawRowView(i)
		for j := range p {
			d := p[j] - t[j]
			sum += d * d
		}
	}
	return sum / float64(n*k)
}

// Grad returns ∂L/∂pred, n×k.
func (m *MSE) Grad(pred, target *mat.Dense) *mat.Dense {
	n, k := checkSame("MSE", pred, target)
	m.grad = nnkit.Reuse(m.grad, n, k)
	c := 2 / float64(n*k)
	for i := 0; i < n; i++ {
		p, t, g := pred.RawRowView(i), target.RawRowView(i), m.grad.RawRowView(i)
		for j := range p {
			g[j] = c * (p[j] - t[j])
		}
	}
	return m.grad
}

// String returns "MSE".
func (*MSE) String() string { return "MSE" }
