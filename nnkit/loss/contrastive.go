package loss

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Loss      = (*Contrastive)(nil)
	_ nnkit.Validator = (*Contrastive)(nil)
)

// Contrastive is the contrastive loss of a Siamese network (Hadsell, Chopra
// & LeCun, 2006, "Dimensionality Reduction by Learning an Invariant
// Mapping"). Each row of the prediction holds the embeddings of a pair side
// by side, [aᵢ | bᵢ] (n×2d, as model.Siamese with two branches outputs
// them), and the target yᵢ (n×1) is 1 for a similar pair and 0 for a
// dissimilar one. With Dᵢ = ‖aᵢ − bᵢ‖ and margin m (field Margin):
//
//	L = (1/n) Σᵢ [ yᵢ·½Dᵢ² + (1 − yᵢ)·½·max(0, m − Dᵢ)² ]
//	∂L/∂aᵢ = yᵢ·(aᵢ − bᵢ)/n − (1 − yᵢ)·max(0, m − Dᵢ)·(aᵢ − bᵢ)/(Dᵢ·n),   ∂L/∂bᵢ = −∂L/∂aᵢ
//
// Similar pairs are pulled together; dissimilar pairs are pushed apart until
// they are at least m apart. Note the label convention: the paper writes
// Y = 0 for similar pairs; here 1 means similar, as in most libraries. At
// Dᵢ = 0 the push direction is undefined and the gradient is taken as 0.
//
// With Convention set to PyTorch both terms lose their ½, as in the
// contrastive loss of PyTorch code (PyTorch has none built in), so L and
// ∂L/∂pred are twice the paper's; see [Convention].
type Contrastive struct {
	// Margin is m, the distance beyond which dissimilar pairs cost nothing.
	// Default: 1 (set by NewContrastive).
	Margin float64
	// Convention is Paper (with ½, the zero value) or PyTorch (without).
	// Default: Paper.
	Convention Convention

	grad *mat.Dense
}

// NewContrastive returns the contrastive loss with margin m = 1.
func NewContrastive() *Contrastive { return &Contrastive{Margin: 1} }

// check panics unless pred is n×2d and target n×1.
func (c *Contrastive) check(pred, target *mat.Dense) (n, d int) {
	n, w := pred.Dims()
	tr, tc := target.Dims()
	if w%2 != 0 || tr != n || tc != 1 {
		nnkit.Panicf("nnkit/loss: Contrastive: prediction is %d×%d and target %d×%d; want n×2d pairs [a | b] and n×1 labels", n, w, tr, tc)
	}
	return n, w / 2
}

// Loss returns L.
func (c *Contrastive) Loss(pred, target *mat.Dense) float64 {
	n, d := c.check(pred, target)
	var sum float64
	for i := 0; i < n; i++ {
		row, y := pred.RawRowView(i), target.At(i, 0)
		dist := distance(row[:d], row[d:])
		h := max(0, c.Margin-dist)
		sum += y*dist*dist/2 + (1-y)*h*h/2
	}
	return c.scale() * sum / float64(n)
}

// Grad returns ∂L/∂pred, n×2d.
func (c *Contrastive) Grad(pred, target *mat.Dense) *mat.Dense {
	n, d := c.check(pred, target)
	c.grad = nnkit.Reuse(c.grad, n, 2*d)
	for i := 0; i < n; i++ {
		row, g, y := pred.RawRowView(i), c.grad.RawRowView(i), target.At(i, 0)
		a, b := row[:d], row[d:]
		dist := distance(a, b)
		k := y // coefficient of (a − b)
		if h := max(0, c.Margin-dist); h > 0 && dist > 0 {
			k -= (1 - y) * h / dist
		}
		k = c.scale() * k / float64(n)
		for j := range a {
			g[j] = k * (a[j] - b[j])
			g[d+j] = -g[j]
		}
	}
	return c.grad
}

// scale is 1 in the paper's convention and 2 in PyTorch's, which drops ½.
func (c *Contrastive) scale() float64 {
	if c.Convention == PyTorch {
		return 2
	}
	return 1
}

// distance returns the Euclidean distance ‖a − b‖.
func distance(a, b []float64) float64 {
	var s float64
	for j := range a {
		s += (a[j] - b[j]) * (a[j] - b[j])
	}
	return math.Sqrt(s)
}

// Validate reports a negative or non-finite margin or an unknown
// convention.
func (c *Contrastive) Validate() error {
	if !(c.Margin >= 0) || math.IsInf(c.Margin, 0) {
		return fmt.Errorf("nnkit/loss: Contrastive margin must be finite and ≥ 0, got %v", c.Margin)
	}
	return c.Convention.validate("Contrastive")
}

// String returns e.g. "Contrastive(margin=1)", or "Contrastive(margin=1,
// pytorch)" in the PyTorch convention.
func (c *Contrastive) String() string {
	return fmt.Sprintf("Contrastive(margin=%g%s)", c.Margin, c.Convention.suffix())
}
