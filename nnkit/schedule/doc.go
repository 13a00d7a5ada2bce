// Package schedule holds learning-rate schedules: each gives the learning
// rate η for an epoch, or for an iteration, counted from 0, and implements
// [nnkit.Schedule].
//
//	Constant         η = η₀
//	Step             η = η₀·γ^⌊e/k⌋                      (drop by γ every k epochs)
//	Exponential      η = η₀·γᵉ
//	Cosine           η = η_min + ½(η₀ − η_min)(1 + cos(π·e/T))   then η_min
//	CosineRestarts   Cosine restarted every cycle (SGDR), cycles growing by T_mult
//	Warmup           linear ramp for W epochs, then another schedule
//	ReduceOnPlateau  η cut by γ when the validation loss stops improving
//
// Whether the index counts epochs or iterations is the caller's choice: the
// training loop calls LearningRate with the index it steps by and hands the
// result to the optimizer's SetLearningRate ([nnkit.LearningRateSetter]):
//
//	for epoch := range epochs {
//		opt.SetLearningRate(s.LearningRate(epoch))
//		// … one epoch of training …
//	}
//
// [ReduceOnPlateau] depends on the validation loss rather than on the index;
// the loop reports the loss with Observe after each evaluation.
//
// Every schedule is a config struct with exported fields, a Validate method
// and a String method that prints its hyperparameters. LearningRate panics
// with an [nnkit.Error] when given a negative index.
package schedule
