// Package tune searches for hyperparameters: the learning rate, the number
// of layers, the activation, anything a training run is configured with.
//
// A search has three parts. A [Space] lists named hyperparameters: a
// [Choice] (a list of values of any type), an [IntRange] or a [FloatRange],
// each on a Linear or Log [Scale], which also fixes the distribution random
// search draws from. An [Objective] is any Go function from [Params] to a
// score, such as the validation loss after model.Fit; [Options] say whether
// to Minimize or Maximize it. A [Searcher] chooses the trials:
//
//	Grid       every combination of the values (FloatRange: Points values)
//	Random     Trials independent draws from the space's distributions
//	Bayesian   a Gaussian-process model of the score and expected improvement
//	Genetic    a population evolved by tournament selection, crossover,
//	           mutation and elitism
//
// Every searcher returns a [Result]: every [Trial] in order (parameters,
// score, duration, error), the best one, a text table (String) and an HTML
// table for notebooks, and the curves to plot ([Result.Scores],
// [Result.BestSoFar]).
//
// Searches are deterministic: every random choice comes from Options.Seed,
// and the parameters of each trial are fixed before it runs, so the same
// seed gives the same trials in the same order with any number of
// Options.Workers. A trial that fails (an error, a NaN or ±Inf score, a
// panic) is recorded and the search goes on. Cancelling the context, or
// SIGINT (the notebook's stop button), stops a search between trials; it
// returns the trials so far with an *[InterruptedError].
//
// The Bayesian and genetic searchers work in the unit cube: every dimension
// maps its values into [0, 1], Log ranges in log space, so a learning rate
// between 1e-5 and 1e-1 is searched evenly over its orders of magnitude.
package tune
