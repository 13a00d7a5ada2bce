// Package optim holds the optimizers that update [nnkit.Param] values from
// their gradients, one type per algorithm:
//
//	SGD        θ ← θ − η·g
//	Momentum   heavy ball: v ← μ·v + g,  θ ← θ − η·v
//	Nesterov   Nesterov's accelerated gradient (NAG), PyTorch's form
//	AdaGrad    step scaled by 1/√(Σg²)
//	RMSProp    step scaled by 1/√(moving average of g²)
//	AdaDelta   step scaled by RMS[Δθ]/RMS[g], no learning rate needed
//	Adam       bias-corrected momentum and RMSProp scaling
//	AMSGrad    Adam with a never-decreasing second moment
//	AdaBound   Adam with step sizes clipped to bounds that close in on SGD
//	AMSBound   AMSGrad with the same bounds
//
// Each doc comment gives the update rule in the symbols the chapter notebooks
// use, the variant chosen where the literature differs, the defaults, and the
// paper. NewX(lr) constructors fill in the usual defaults, and the exported
// fields can be set directly, between steps too. All of them implement
// [nnkit.Optimizer], [nnkit.LearningRateSetter] and [nnkit.Validator].
//
// State (velocities, moment estimates, step counts) is kept per parameter,
// keyed by the *nnkit.Param, and created on the parameter's first step. An
// optimizer is not safe for concurrent use, and a copy of one that has
// already stepped shares its state with the original.
//
// The shared mechanics are plain functions: [WeightDecay] (coupled L2 decay,
// which every optimizer applies through its WeightDecay field), and [ClipNorm]
// and [ClipValue], which a training loop calls between Backward and Step.
//
// [Minimize] runs any optimizer on an ordinary function of a few variables
// and returns its [Trajectory], for drawing optimizer paths on contour plots
// of the functions in package landscape.
package optim
