// Package data prepares training data: train/test splits and k-fold
// cross-validation, seeded shuffling and mini-batches, one-hot encoding,
// feature scaling (min-max, max-abs, standardization, PCA and ZCA whitening)
// and class rebalancing (random over- and undersampling, SMOTE).
//
// Numbers are *mat.Dense with one sample per row; class labels are []int with
// values 0, 1, …, C−1. The synthetic and real data sets live in the
// sub-package [github.com/nnbook/nnbook/nnkit/data/dataset].
//
// # Randomness
//
// Functions that are called once (splits, k-fold, samplers) take a uint64
// seed; functions called again and again, such as [Batches] once per epoch,
// take a *rand.Rand so that each call continues the stream and gives a new
// order. Both come from math/rand/v2's PCG: the same seed gives the same
// numbers, bit for bit.
//
// # Fit on training data only
//
// Every scaler learns its statistics in Fit and applies them in Transform.
// Fit it on the training rows only and transform the test rows with the same
// statistics; fitting on all rows leaks the test set into training:
//
//	s := data.NewStandardize()
//	if err := s.Fit(xTrain); err != nil { … }
//	xTrain, xTest = s.Transform(xTrain), s.Transform(xTest)
//
// # Errors and panics
//
// As everywhere in nnkit, programmer misuse (a shape mismatch, Transform
// before Fit, a batch size below one) panics with an nnkit.Error, and
// problems that depend on the data or the configuration (too few samples for
// k folds, k ≥ the minority size in SMOTE, a single class) return errors.
package data
