// Package model builds networks from layers and trains them.
//
// [Sequential] chains layers; [NewMLP] builds a multilayer perceptron from
// its layer widths in one line; [Perceptron] is Rosenblatt's single-layer
// classifier with its own learning rule; [Siamese] shares one embedding
// network between the two or three inputs of a metric-learning pair or
// triplet. [Fit] trains any [nnkit.Layer] with any [nnkit.Loss] and
// [nnkit.Optimizer] in full-batch, mini-batch or online mode, records a
// [History], calls [Callback]s ([EarlyStopping], [LearningRateScheduler],
// [EpochLogger], or a [CallbackFunc] for a live display) and stops cleanly
// on an interrupt.
// [Save] and [Load] write and read the learned numbers exactly.
//
// A three-layer classifier on two features, trained for 100 epochs:
//
//	net := model.NewMLP([]int{2, 16, 16, 2}, activation.NewReLU, activation.NewIdentity)
//	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
//	cfg.Epochs = 100
//	hist, err := model.Fit(ctx, net, x, y, cfg)
package model
