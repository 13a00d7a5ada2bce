package model

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Layer           = (*Siamese)(nil)
	_ nnkit.ParamBackwarder = (*Siamese)(nil)
)

// Siamese applies one embedding network, with one set of weights, to the
// two inputs of a pair (a Siamese network, Bromley et al., 1993) or the three
// of a triplet (a Triplet network, Hoffer & Ailon, 2015). Each input row
// holds the samples side by side, and so does each output row:
//
//	x: n×(B·d) = [x⁽¹⁾ | … | x⁽ᴮ⁾]  →  y: n×(B·k) = [f(x⁽¹⁾) | … | f(x⁽ᴮ⁾)]
//
// where f is Net (d inputs, k outputs) and B = Branches. Forward stacks the
// B blocks into one (B·n)×d batch and runs Net once; Backward splits
// ∂L/∂y the same way and runs Net.Backward once, so the gradient of every
// shared weight is the sum of its gradients through all branches:
//
//	∂L/∂θ = Σ_b ∂L/∂f(x⁽ᵇ⁾) · ∂f(x⁽ᵇ⁾)/∂θ
//
// That is the whole trick of weight sharing. Pair it with loss.Contrastive
// (B = 2) or loss.Triplet (B = 3) and train with Fit; use Net (or Embed)
// afterwards to embed single samples.
type Siamese struct {
	// Net is the shared embedding network.
	Net nnkit.Layer
	// Branches is B: 2 for pairs, 3 for triplets.
	Branches int

	n, d, k   int        // rows, input and output width per branch of the last Forward
	xs, y     *mat.Dense // stacked input, side-by-side output
	dys, dx   *mat.Dense // stacked output gradient, side-by-side input gradient
	forwarded bool       // Forward has run
}

// NewSiamese returns net shared by the given number of branches. It panics
// if net is nil or branches < 2.
func NewSiamese(net nnkit.Layer, branches int) *Siamese {
	if net == nil || branches < 2 {
		nnkit.Panicf("nnkit/model: NewSiamese: need a network and at least 2 branches, got %v and %d", net, branches)
	}
	return &Siamese{Net: net, Branches: branches}
}

// Forward embeds every branch of x (n×(B·d)) and returns the embeddings
// side by side (n×(B·k)).
func (s *Siamese) Forward(x *mat.Dense, mode nnkit.Mode) *mat.Dense {
	n, w := x.Dims()
	if w%s.Branches != 0 {
		nnkit.Panicf("nnkit/model: Siamese.Forward: input is %d×%d, which does not split into %d branches of equal width", n, w, s.Branches)
	}
	s.n, s.d = n, w/s.Branches
	s.xs = nnkit.Reuse(s.xs, s.Branches*n, s.d)
	for b := 0; b < s.Branches; b++ {
		for i := 0; i < n; i++ {
			copy(s.xs.RawRowView(b*n+i), x.RawRowView(i)[b*s.d:(b+1)*s.d])
		}
	}
	e := s.Net.Forward(s.xs, mode)
	_, s.k = e.Dims()
	s.y = nnkit.Reuse(s.y, n, s.Branches*s.k)
	for b := 0; b < s.Branches; b++ {
		for i := 0; i < n; i++ {
			copy(s.y.RawRowView(i)[b*s.k:(b+1)*s.k], e.RawRowView(b*n+i))
		}
	}
	s.forwarded = true
	return s.y
}

// stack checks dOut and rearranges it into the stacked (B·n)×k layout.
func (s *Siamese) stack(dOut *mat.Dense) *mat.Dense {
	if !s.forwarded {
		nnkit.Panicf("nnkit/model: Siamese.Backward called before Forward")
	}
	if r, c := dOut.Dims(); r != s.n || c != s.Branches*s.k {
		nnkit.Panicf("nnkit/model: Siamese.Backward: gradient is %d×%d, output of Forward was %d×%d", r, c, s.n, s.Branches*s.k)
	}
	s.dys = nnkit.Reuse(s.dys, s.Branches*s.n, s.k)
	for b := 0; b < s.Branches; b++ {
		for i := 0; i < s.n; i++ {
			copy(s.dys.RawRowView(b*s.n+i), dOut.RawRowView(i)[b*s.k:(b+1)*s.k])
		}
	}
	return s.dys
}

// Backward accumulates the shared gradients and returns ∂L/∂x (n×(B·d)).
func (s *Siamese) Backward(dOut *mat.Dense) *mat.Dense {
	dxs := s.Net.Backward(s.stack(dOut))
	s.dx = nnkit.Reuse(s.dx, s.n, s.Branches*s.d)
	for b := 0; b < s.Branches; b++ {
		for i := 0; i < s.n; i++ {
			copy(s.dx.RawRowView(i)[b*s.d:(b+1)*s.d], dxs.RawRowView(b*s.n+i))
		}
	}
	return s.dx
}

// BackwardParams accumulates the shared gradients without ∂L/∂x.
func (s *Siamese) BackwardParams(dOut *mat.Dense) {
	dys := s.stack(dOut)
	if pb, ok := s.Net.(nnkit.ParamBackwarder); ok {
		pb.BackwardParams(dys)
		return
	}
	s.Net.Backward(dys)
}

// Params returns the shared network's parameters (once).
func (s *Siamese) Params() []*nnkit.Param { return s.Net.Params() }

// Buffers returns the shared network's buffers, if it has any.
func (s *Siamese) Buffers() []*mat.Dense {
	if b, ok := s.Net.(Bufferer); ok {
		return b.Buffers()
	}
	return nil
}

// Embed returns Net's output for single samples x (n×d) in Eval mode, as a
// new matrix.
func (s *Siamese) Embed(x *mat.Dense) *mat.Dense {
	return mat.DenseCopyOf(s.Net.Forward(x, nnkit.Eval))
}

// String returns e.g. "Siamese(3 × Sequential(Dense(4→8), ReLU, Dense(8→2)))".
func (s *Siamese) String() string {
	return fmt.Sprintf("Siamese(%d × %s)", s.Branches, layerName(s.Net))
}
