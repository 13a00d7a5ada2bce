package nnkit

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Mode says whether a layer runs for training or for evaluation.
type Mode int

const (
	// Eval is inference: Dropout passes values through, BatchNorm uses its
	// running statistics, RReLU uses the mean slope.
	Eval Mode = iota
	// Train is training: Dropout drops, BatchNorm uses batch statistics and
	// updates its running ones, RReLU samples its slope.
	Train
)

// String returns "eval" or "train".
func (m Mode) String() string {
	switch m {
	case Eval:
		return "eval"
	case Train:
		return "train"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// Param is one learnable parameter: its value and the gradient of the loss with
// respect to it, of the same shape. Layers accumulate into Grad during Backward;
// optimizers read Grad and update Value; the training loop zeroes Grad before
// each step.
type Param struct {
	// Name identifies the parameter in printouts and optimizer state,
	// e.g. "dense0.W".
	Name string
	// Value holds the parameter.
	Value *mat.Dense
	// Grad holds ∂L/∂Value, accumulated by Backward.
	Grad *mat.Dense
}

// NewParam returns a Param holding value with a zero gradient of the same shape.
func NewParam(name string, value *mat.Dense) *Param {
	r, c := value.Dims()
	return &Param{Name: name, Value: value, Grad: mat.NewDense(r, c, nil)}
}

// ZeroGrad sets the gradient to zero.
func (p *Param) ZeroGrad() { p.Grad.Zero() }

// String returns the name and shape, e.g. "dense0.W(2×3)".
func (p *Param) String() string {
	r, c := p.Value.Dims()
	return fmt.Sprintf("%s(%d×%d)", p.Name, r, c)
}

// Layer is one differentiable stage of a network.
//
// Forward maps an n×in batch to an n×out batch and caches what Backward needs.
// Backward takes ∂L/∂y (n×out), accumulates the parameter gradients into each
// Param.Grad and returns ∂L/∂x (n×in). Params returns nil for a layer without
// parameters (every activation).
//
// The matrices a layer returns may be buffers it reuses on the next call: copy
// them to keep them.
type Layer interface {
	Forward(x *mat.Dense, mode Mode) *mat.Dense
	Backward(dOut *mat.Dense) (dIn *mat.Dense)
	Params() []*Param
}

// Loss is a scalar loss of a prediction against a target. Loss returns the
// mean over the samples (rows); Grad returns ∂L/∂pred with the shape of pred.
//
// For most losses the target has the prediction's shape. Metric-learning
// losses differ: a row of a contrastive prediction holds two embeddings side
// by side with an n×1 target of pair labels, and a triplet prediction holds
// anchor, positive and negative with a target that is not read. Each loss
// documents its shapes.
type Loss interface {
	Loss(pred, target *mat.Dense) float64
	Grad(pred, target *mat.Dense) *mat.Dense
}

// Optimizer updates parameters from their gradients. State (momentum, moment
// estimates) is kept per Param and created on first use.
type Optimizer interface {
	Step(params []*Param)
}

// LearningRateSetter is implemented by optimizers whose learning rate a
// Schedule may change between steps.
type LearningRateSetter interface {
	SetLearningRate(lr float64)
}

// Schedule gives the learning rate for an epoch (or iteration, counted from 0).
type Schedule interface {
	LearningRate(epoch int) float64
}

// ScheduleFunc adapts an ordinary function to a Schedule.
type ScheduleFunc func(epoch int) float64

// LearningRate returns f(epoch).
func (f ScheduleFunc) LearningRate(epoch int) float64 { return f(epoch) }

// Validator is implemented by configurations that can check themselves before
// training starts.
type Validator interface {
	Validate() error
}
