package optim

import (
	"math"

	"github.com/nnbook/nnbook/nnkit"
)

// ClipNorm rescales the gradients of params together so that their global
// Euclidean norm is at most maxNorm, and returns the norm before clipping:
//
//	‖g‖ = √(Σₚ Σᵢ gₚᵢ²)
//	g ← g · maxNorm/‖g‖      only when ‖g‖ > maxNorm
//
// The direction of the combined gradient is kept. Unlike PyTorch's
// clip_grad_norm_, no 1e-6 is added to the norm, so the clipped norm is
// exactly maxNorm. Call it between Backward and Step. It panics if maxNorm is
// not positive.
func ClipNorm(params []*nnkit.Param, maxNorm float64) float64 {
	if !(maxNorm > 0) {
		nnkit.Panicf("nnkit/optim: ClipNorm: maxNorm must be positive, got %v", maxNorm)
	}
	var sum float64
	for _, p := range params {
		checkShapes("ClipNorm", p)
		eachRow(p, func(_ int, _, g []float64) {
			for _, gi := range g {
				sum += gi * gi
			}
		})
	}
	norm := math.Sqrt(sum)
	if norm > maxNorm {
		scale := maxNorm / norm
		for _, p := range params {
			p.Grad.Scale(scale, p.Grad)
		}
	}
	return norm
}

// ClipValue clamps every gradient element of params to [−limit, limit]:
//
//	g ← min(max(g, −limit), limit)
//
// Unlike [ClipNorm] it can change the direction of the gradient. Call it
// between Backward and Step. It panics if limit is not positive.
func ClipValue(params []*nnkit.Param, limit float64) {
	if !(limit > 0) {
		nnkit.Panicf("nnkit/optim: ClipValue: limit must be positive, got %v", limit)
	}
	for _, p := range params {
		checkShapes("ClipValue", p)
		eachRow(p, func(_ int, _, g []float64) {
			for i, gi := range g {
				g[i] = min(max(gi, -limit), limit)
			}
		})
	}
}
