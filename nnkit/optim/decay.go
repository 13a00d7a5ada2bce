package optim

// WeightDecay returns the gradient g of one element with L2 weight decay λ
// added for its value θ:
//
//	g ← g + λ·θ
//
// This is the coupled form that PyTorch's weight_decay uses: it is the
// gradient of L + (λ/2)·‖θ‖², and an adaptive optimizer then rescales the
// decay along with the rest of the gradient (AdamW's decoupled decay is a
// different algorithm). Every optimizer in this package calls it for every
// element, so WeightDecay 0 leaves the gradient untouched.
func WeightDecay(g, theta, lambda float64) float64 {
	return g + lambda*theta
}
