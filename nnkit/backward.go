package nnkit

import "gonum.org/v1/gonum/mat"

// ParamBackwarder is implemented by layers that can accumulate their parameter
// gradients without computing ∂L/∂x. The training loop uses it for the whole
// network, and a network uses it for its first layer, where nothing upstream
// needs ∂L/∂x: for the first Dense layer of an MLP on 784 inputs that saves a
// third of the backward pass.
type ParamBackwarder interface {
	// BackwardParams accumulates ∂L/∂θ into every Param.Grad, like Backward,
	// and returns nothing.
	BackwardParams(dOut *mat.Dense)
}
