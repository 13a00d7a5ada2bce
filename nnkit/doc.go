// Package nnkit is a small neural-network library for teaching and prototyping.
//
// # Conventions
//
// Numbers are gonum *mat.Dense values in float64. A matrix holds one sample per
// row and one feature per column: a batch of n samples with d features is an
// n×d matrix, exactly as gonum's mat stores rows contiguously.
//
// The root package holds only the small interfaces that the sub-packages
// implement, in the way gonum/plot keeps plot.Plotter in plot and its
// implementations in plotter:
//
//	Layer       Forward(x, mode) → y;  Backward(∂L/∂y) → ∂L/∂x;  Params()
//	Loss        Loss(pred, target) → L;  Grad(pred, target) → ∂L/∂pred
//	Optimizer   Step(params) updates every Param.Value from Param.Grad
//	Schedule    LearningRate(epoch) → η
//
// Activations are layers without parameters. A Mode says whether a layer runs
// for training (Dropout drops, BatchNorm uses batch statistics) or for
// evaluation.
//
// # Errors and panics
//
// Programmer misuse (shape mismatch, Backward before Forward, a nil component)
// panics with an [Error] whose message names the package, the method and both
// shapes. [Maybe] turns such a panic into an error. Problems that depend on data,
// configuration or numerics return errors: Validate methods, data loading, and
// a loss that becomes NaN or ±Inf during training ([DivergenceError]).
//
// # Determinism
//
// Every random choice comes from an explicit seed (math/rand/v2 PCG): the same
// seed gives the same numbers, bit for bit.
package nnkit
