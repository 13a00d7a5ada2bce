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
// # Chapter map
//
// The lecture's chapters, the packages that teach them and the Examples that
// show each in a few lines (go doc -ex, or the package pages):
//
//	1  単純パーセプトロン (perceptron)        layer.Perceptron, model.Perceptron, dataset.AND/OR/NAND/XOR
//	                                           ExamplePerceptron (layer, model), ExampleStep
//	2  多層パーセプトロン (MLP)               model.NewMLP, model.Fit, dataset.Moons
//	                                           ExampleNewMLP, ExampleFit, ExampleDense_Backward
//	3  ディープラーニング (deep networks)      model.FitConfig.RecordGradNorms, nnplot.GradientNorms
//	                                           ExampleFitConfig_gradNorms, ExampleGradientNorms
//	4  GPU                                     gpu (outside nnkit: installed under gonum's BLAS)
//	5  バッチ・ミニバッチ・オンライン学習     model.FitConfig.BatchSize (FullBatch, 1), data.Batches
//	                                           ExampleFit_modes, ExampleBatches
//	6  誤差関数 (loss functions)              loss.MSE, loss.CrossEntropy, loss.Contrastive, loss.Triplet, model.Siamese
//	                                           ExampleCrossEntropy, ExampleContrastive, ExampleTriplet, ExampleSiamese
//	7  勾配降下法 (gradient descent)          optim.SGD, optim.Minimize, optim/landscape
//	                                           ExampleSGD, ExampleMinimize, ExampleContour
//	8  勾配降下法の問題点 (its problems)       optim (ten optimizers), schedule, tune
//	                                           ExampleMinimize, ExampleCosine, ExampleBayesian, ExampleGenetic
//	9  過学習 (overfitting)                   layer.Dropout, model.EarlyStopping
//	                                           ExampleDropout, ExampleEarlyStopping, ExampleHistoryCurves
//	10 活性化関数 (activations)               activation (Step … Softmax), nnplot.Functions
//	                                           ExampleSigmoid, ExampleReLU, ExamplePReLU, ExampleRReLU, ExampleActivation_grid
//	11 正規化と初期値 (normalisation, init)   data.MinMax, data.Standardize, data.ZCAWhiten, data.SMOTE,
//	                                           initializer, layer.BatchNorm
//	                                           ExampleMaxAbs, ExampleStandardize, ExampleZCAWhiten, ExampleSMOTE,
//	                                           ExampleHeNormal, ExampleXavierNormal, ExampleBatchNorm, ExampleHistograms
//
// # Quick prototyping, as in Keras
//
// model.Build declares the input width once and infers the rest; model.Dense
// is a layer with its activation; a FitConfig literal configures training in
// one expression:
//
//	net := model.Build(784, model.Dense(128, activation.NewReLU), model.Dropout(0.2), model.Linear(10))
//	cfg := model.FitConfig{Loss: loss.NewCrossEntropy(), Optimizer: optim.NewAdam(1e-3), Epochs: 20,
//		BatchSize: 128, ValidationSplit: 0.1, Metrics: []model.Metric{model.NewAccuracy()},
//		Callbacks: []model.Callback{model.Live(nnplot.NewProgress())}}
//	hist, err := model.Fit(ctx, net, x, data.OneHot(labels, 10), cfg)
//
// The test TestEightTasks (eighttasks_test.go) runs the eight everyday
// tasks of a Keras user this way: ExampleBuild, ExampleFit_mistakes,
// ExampleFitConfig_history and ExampleOptions (tune) show the pieces.
//
// Metrics are in metric, datasets in data/dataset, figures in nnplot (they
// return *plot.Plot and display in a notebook with nnplot.Show), and the
// gradient checks every layer passes in nntest.
//
// # Errors and panics
//
// Programmer misuse (shape mismatch, Backward before Forward, a nil component)
// panics with an [Error] whose message names the package, the method and both
// shapes. Layers that know their widths implement [Shaper], so a network
// reports a mismatch between two layers when it is built, and the training
// loop reports data that do not fit before the first step. [Maybe] turns such a panic into an error. Problems that depend on data,
// configuration or numerics return errors: Validate methods, data loading, and
// a loss that becomes NaN or ±Inf during training ([DivergenceError]).
//
// # Determinism
//
// Every random choice comes from an explicit seed (math/rand/v2 PCG): the same
// seed gives the same numbers, bit for bit.
package nnkit
