package loss

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Loss      = (*Triplet)(nil)
	_ nnkit.Validator = (*Triplet)(nil)
)

// Triplet is the triplet loss of a Triplet network (Schroff, Kalenichenko &
// Philbin, 2015, "FaceNet", https://arxiv.org/abs/1503.03832). Each row of
// the prediction holds the embeddings of an anchor, a positive (same class)
// and a negative (other class) side by side, [aᵢ | pᵢ | nᵢ] (n×3d, as
// model.Siamese with three branches outputs them). With margin α (field
// Margin):
//
//	L = (1/n) Σᵢ max(0, ‖aᵢ − pᵢ‖² − ‖aᵢ − nᵢ‖² + α)
//	when the hinge is active:  ∂L/∂aᵢ = 2(nᵢ − pᵢ)/n,  ∂L/∂pᵢ = −2(aᵢ − pᵢ)/n,  ∂L/∂nᵢ = 2(aᵢ − nᵢ)/n
//
// The anchor is pulled towards the positive and pushed from the negative
// until the negative is farther by at least α. Distances are squared, as in
// FaceNet. With Convention set to PyTorch they are not, as in PyTorch's
// nn.TripletMarginLoss (see [Convention]):
//
//	L = (1/n) Σᵢ max(0, ‖aᵢ − pᵢ‖ − ‖aᵢ − nᵢ‖ + α)
//	when active:  ∂L/∂pᵢ = −(aᵢ − pᵢ)/(n‖aᵢ − pᵢ‖),  ∂L/∂nᵢ = (aᵢ − nᵢ)/(n‖aᵢ − nᵢ‖),  ∂L/∂aᵢ = −∂L/∂pᵢ − ∂L/∂nᵢ
//
// where a term with a zero distance contributes no gradient. A triplet
// carries its own labels, so the target is ignored except for its shape: it
// must be n×1, one row per triplet, so that model.Fit can batch it.
type Triplet struct {
	// Margin is α. Default: 1 (set by NewTriplet).
	Margin float64
	// Convention is Paper (squared distances, the zero value) or PyTorch
	// (unsquared). Default: Paper.
	Convention Convention

	grad *mat.Dense
}

// NewTriplet returns the triplet loss with margin α = 1.
func NewTriplet() *Triplet { return &Triplet{Margin: 1} }

// check panics unless pred is n×3d and target n×1.
func (t *Triplet) check(pred, target *mat.Dense) (n, d int) {
	n, w := pred.Dims()
	tr, tc := target.Dims()
	if w%3 != 0 || tr != n || tc != 1 {
		nnkit.Panicf("nnkit/loss: Triplet: prediction is %d×%d and target %d×%d; want n×3d triplets [a | p | n] and an n×1 target", n, w, tr, tc)
	}
	return n, w / 3
}

// hinge returns ‖a − p‖² − ‖a − n‖² + α for one row [a | p | n], or
// ‖a − p‖ − ‖a − n‖ + α in the PyTorch convention, with both distances.
func (t *Triplet) hinge(row []float64, d int) (h, dp, dn float64) {
	a, p, neg := row[:d], row[d:2*d], row[2*d:]
	dp, dn = distance(a, p), distance(a, neg)
	if t.Convention == PyTorch {
		return dp - dn + t.Margin, dp, dn
	}
	return dp*dp - dn*dn + t.Margin, dp, dn
}

// Loss returns L.
func (t *Triplet) Loss(pred, target *mat.Dense) float64 {
	n, d := t.check(pred, target)
	var sum float64
	for i := 0; i < n; i++ {
		h, _, _ := t.hinge(pred.RawRowView(i), d)
		sum += max(0, h)
	}
	return sum / float64(n)
}

// Grad returns ∂L/∂pred, n×3d.
func (t *Triplet) Grad(pred, target *mat.Dense) *mat.Dense {
	n, d := t.check(pred, target)
	t.grad = nnkit.Reuse(t.grad, n, 3*d)
	c := 2 / float64(n)
	for i := 0; i < n; i++ {
		row, g := pred.RawRowView(i), t.grad.RawRowView(i)
		h, dp, dn := t.hinge(row, d)
		if h <= 0 {
			for j := range g {
				g[j] = 0
			}
			continue
		}
		a, p, neg := row[:d], row[d:2*d], row[2*d:]
		if t.Convention == PyTorch {
			// ∂‖u‖/∂u = u/‖u‖, taken as 0 at u = 0.
			cp, cn := 0.0, 0.0
			if dp > 0 {
				cp = 1 / (dp * float64(n))
			}
			if dn > 0 {
				cn = 1 / (dn * float64(n))
			}
			for j := 0; j < d; j++ {
				g[d+j] = -cp * (a[j] - p[j])    // ∂L/∂p
				g[2*d+j] = cn * (a[j] - neg[j]) // ∂L/∂n
				g[j] = -g[d+j] - g[2*d+j]       // ∂L/∂a
			}
			continue
		}
		for j := 0; j < d; j++ {
			g[j] = c * (neg[j] - p[j])     // ∂L/∂a
			g[d+j] = c * (p[j] - a[j])     // ∂L/∂p
			g[2*d+j] = c * (a[j] - neg[j]) // ∂L/∂n
		}
	}
	return t.grad
}

// Validate reports a negative or non-finite margin or an unknown
// convention.
func (t *Triplet) Validate() error {
	if !(t.Margin >= 0) || math.IsInf(t.Margin, 0) {
		return fmt.Errorf("nnkit/loss: Triplet margin must be finite and ≥ 0, got %v", t.Margin)
	}
	return t.Convention.validate("Triplet")
}

// String returns e.g. "Triplet(margin=1)", or "Triplet(margin=1, pytorch)"
// in the PyTorch convention.
func (t *Triplet) String() string {
	return fmt.Sprintf("Triplet(margin=%g%s)", t.Margin, t.Convention.suffix())
}
