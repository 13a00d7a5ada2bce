package model_test

import (
	"context"
	"fmt"
	"io"
	"os"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/activation"
	"github.com/nnbook/nnbook/nnkit/data"
	"github.com/nnbook/nnbook/nnkit/initializer"
	"github.com/nnbook/nnbook/nnkit/layer"
	"github.com/nnbook/nnbook/nnkit/loss"
	"github.com/nnbook/nnbook/nnkit/model"
	"github.com/nnbook/nnbook/nnkit/optim"
)

// Keras's Sequential([Input((784,)), Dense(128, activation="relu"),
// Dropout(0.2), Dense(10)]): the input width once, every later width
// inferred.
func ExampleBuild() {
	net := model.Build(784,
		model.Dense(128, activation.NewReLU),
		model.Dropout(0.2),
		model.Linear(10),
	)
	fmt.Println(net)
	fmt.Println(net.ParamCount(), "parameters")
	// Output:
	// Sequential(Dense(784→128), ReLU, Dropout(p=0.2), Dense(128→10))
	// 101770 parameters
}

// BuildWith chooses the seed: block i gets Seed + i.
func ExampleBuildWith() {
	a := model.BuildWith(model.BuildConfig{In: 2, Seed: 7}, model.Linear(1))
	b := model.BuildWith(model.BuildConfig{In: 2, Seed: 7}, model.Linear(1))
	fmt.Println(mat.Equal(a.Params()[0].Value, b.Params()[0].Value))
	// Output:
	// true
}

// Dense is the layer-with-activation shortcut.
func ExampleDense() {
	fmt.Println(model.Build(4, model.Dense(8, activation.NewTanh), model.Dense(1, activation.NewSigmoid)))
	// Output:
	// Sequential(Dense(4→8), Tanh, Dense(8→1), Sigmoid)
}

// Linear is a Dense layer without an activation, the usual last layer
// before loss.CrossEntropy.
func ExampleLinear() {
	fmt.Println(model.Build(3, model.Linear(2)))
	// Output:
	// Sequential(Dense(3→2))
}

func ExampleDropout() {
	fmt.Println(model.Build(3, model.Dropout(0.5), model.Linear(2)))
	// Output:
	// Sequential(Dropout(p=0.5), Dense(3→2))
}

// BatchNorm normalises the width it receives, here 16.
func ExampleBatchNorm() {
	fmt.Println(model.Build(3, model.Linear(16), model.BatchNorm(), model.Dense(2, activation.NewReLU)))
	// Output:
	// Sequential(Dense(3→16), BatchNorm(16, ρ=0.9, ε=1e-05), Dense(16→2), ReLU)
}

// A DenseBlock written out configures a whole block in one expression; Act
// adapts the activation constructor to its field.
func ExampleDenseBlock() {
	block := model.DenseBlock{Units: 64, Activation: model.Act(activation.NewReLU), Init: initializer.HeNormal{}, BatchNorm: true, Dropout: 0.3}
	fmt.Println(block)
	fmt.Println(model.Build(20, block, model.Linear(3)))
	// Output:
	// Dense(64, batch norm, ReLU, dropout 0.3)
	// Sequential(Dense(20→64), BatchNorm(64, ρ=0.9, ε=1e-05), ReLU, Dropout(p=0.3), Dense(64→3))
}

func ExampleAct() {
	newTanh := model.Act(activation.NewTanh) // func() nnkit.Layer
	fmt.Println(newTanh())
	// Output:
	// Tanh
}

// DropoutBlock and BatchNormBlock are what Dropout and BatchNorm return.
func ExampleDropoutBlock() {
	fmt.Println(model.Build(5, model.DropoutBlock{Rate: 0.1}, model.BatchNormBlock{}))
	// Output:
	// Sequential(Dropout(p=0.1), BatchNorm(5, ρ=0.9, ε=1e-05))
}

func ExampleBatchNormBlock() {
	fmt.Println(model.BatchNormBlock{}.Layers(6, 1))
	// Output:
	// [BatchNorm(6, ρ=0.9, ε=1e-05)]
}

// An MLP with batch normalisation and dropout in every hidden layer, in
// one expression.
func ExampleNewMLPWith_dropout() {
	net := model.NewMLPWith(model.MLPConfig{Sizes: []int{784, 256, 128, 10}, Init: initializer.HeNormal{}, Seed: 1,
		Dropout: []float64{0.3, 0.2}, BatchNorm: true}, activation.NewReLU, activation.NewIdentity)
	fmt.Println(net)
	// Output:
	// Sequential(Dense(784→256), BatchNorm(256, ρ=0.9, ε=1e-05), ReLU, Dropout(p=0.3), Dense(256→128), BatchNorm(128, ρ=0.9, ε=1e-05), ReLU, Dropout(p=0.2), Dense(128→10), Identity)
}

// A network knows the widths it takes and gives; a mismatch is caught
// when it is built, with both layers named.
func ExampleSequential_InputCols() {
	net := model.Build(4, model.Dense(8, activation.NewReLU), model.Linear(3))
	fmt.Println(net.InputCols(), "→", net.OutputCols(4))
	fmt.Println(nnkit.Maybe(func() {
		model.NewSequential(layer.NewDense(4, 8), activation.NewReLU(), layer.NewDense(6, 3))
	}))
	// Output:
	// 4 → 3
	// nnkit/model: NewSequential: layer 2 Dense(6→3) expects 6 input columns, but layer 0 Dense(4→8) gives 8
}

func ExampleSequential_OutputCols() {
	net := model.Build(10, model.Linear(5), model.Dropout(0.1), model.Dense(2, activation.NewSoftmax))
	fmt.Println(net.OutputCols(10))
	// Output:
	// 2
}

// A Siamese network takes the branches side by side.
func ExampleSiamese_InputCols() {
	s := model.NewSiamese(model.Build(3, model.Linear(2)), 2)
	fmt.Println(s.InputCols(), "→", s.OutputCols(6))
	// Output:
	// 6 → 4
}

func ExampleSiamese_OutputCols() {
	s := model.NewSiamese(model.Build(4, model.Dense(8, activation.NewReLU), model.Linear(2)), 3)
	fmt.Println(s.OutputCols(12))
	// Output:
	// 6
}

// Mistakes a Keras user makes get an error that says what to do, before
// training starts.
func ExampleFit_mistakes() {
	x := mat.NewDense(6, 4, []float64{
		0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2,
		1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2, 2.3, 2.4,
	})
	labels := []int{0, 1, 2, 0, 1, 2}
	y := mat.NewDense(6, 1, []float64{0, 1, 2, 0, 1, 2}) // class indices
	net := model.Build(4, model.Dense(8, activation.NewReLU), model.Linear(3))
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewAdam(0.01))

	_, err := model.Fit(context.Background(), net, x, y, cfg)
	fmt.Println(err)
	_, err = model.Fit(context.Background(), net, x.Slice(0, 6, 0, 3).(*mat.Dense), data.OneHot(labels, 3), cfg)
	fmt.Println(err)
	_, err = model.Fit(context.Background(), net, x, data.OneHot(labels[:5], 3), cfg)
	fmt.Println(err)
	// Output:
	// nnkit/model: Fit: the network outputs 3 columns per sample and y has 1, which CrossEntropy cannot compare (nnkit/loss: CrossEntropy: prediction is 1×3, target is 1×1; they must have the same shape (class indices? one-hot encode them with data.OneHot(labels, 3))); y holds class indices: one-hot encode them with data.OneHot(labels, 3)
	// nnkit/model: Fit: layer 0 Dense(4→8) expects 4 input columns, but x has 3; give x one column per input feature or change the layer
	// nnkit/model: Fit: x has 6 rows, y has 5; they need one row per sample (were they taken from different splits or shuffled separately?)
}

// Gradient clipping: ClipNorm bounds the global norm of the gradients at
// every step, as PyTorch's clip_grad_norm_; RecordGradNorms records the
// norm before clipping.
func ExampleFitConfig_clipNorm() {
	x := mat.NewDense(2, 1, []float64{1, 2})
	y := mat.NewDense(2, 1, []float64{100, 200}) // far off: a huge gradient
	net := layer.NewDense(1, 1)
	cfg := model.NewFitConfig(loss.NewMSE(), optim.NewSGD(0.1))
	cfg.BatchSize, cfg.Epochs, cfg.RecordGradNorms, cfg.Warnings = model.FullBatch, 3, true, io.Discard
	cfg.ClipNorm = 1
	hist, err := model.Fit(context.Background(), net, x, y, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range hist.Steps {
		fmt.Printf("step %d: ‖∂L/∂W‖ = %.1f before clipping\n", s.Iteration, s.GradNorms[0])
	}
	// Each step moves the weights by at most η·ClipNorm = 0.1.
	fmt.Printf("W = %.4f\n", net.W.Value.At(0, 0))
	// Output:
	// step 1: ‖∂L/∂W‖ = 495.5 before clipping
	// step 2: ‖∂L/∂W‖ = 494.9 before clipping
	// step 3: ‖∂L/∂W‖ = 494.3 before clipping
	// W = 1.1636
}

// Continuing training: pass the History of the first Fit and the epochs
// are numbered on; a rate set by hand holds because no scheduler overrides
// it.
func ExampleFitConfig_history() {
	x := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	y := mat.NewDense(4, 1, []float64{0, 1, 1, 0})
	net := model.Build(2, model.Dense(4, activation.NewTanh), model.Dense(1, activation.NewSigmoid))
	sgd := optim.NewSGD(0.5)
	cfg := model.NewFitConfig(loss.NewBinaryCrossEntropy(), sgd)
	cfg.Epochs, cfg.BatchSize = 300, model.FullBatch
	hist, _ := model.Fit(context.Background(), net, x, y, cfg)

	sgd.LearningRate = 1 // continue at a new rate
	cfg.History, cfg.Epochs = hist, 200
	hist, _ = model.Fit(context.Background(), net, x, y, cfg)
	last := hist.Epochs[len(hist.Epochs)-1]
	fmt.Printf("%d epochs recorded, last is epoch %d, loss %.4f\n", len(hist.Epochs), last.Epoch, last.Loss)
	// Output:
	// 500 epochs recorded, last is epoch 500, loss 0.0056
}

// FitConfig.Warnings receives the warning about inputs far outside the
// usual range, such as raw pixels.
func ExampleFitConfig_warnings() {
	pixels := mat.NewDense(2, 3, []float64{0, 128, 255, 255, 64, 0})
	y := mat.NewDense(2, 1, []float64{1, 0})
	cfg := model.NewFitConfig(loss.NewMSE(), optim.NewSGD(1e-6))
	cfg.Warnings = os.Stdout
	model.Fit(context.Background(), layer.NewDense(3, 1), pixels, y, cfg)
	// Output:
	// nnkit/model: Fit: warning: x holds values up to 255 in magnitude (column 2); networks train best on inputs of order 1: scale them first, e.g. with data.NewStandardize() fitted on the training data, or divide pixels by 255
}

// printer is a MetricsDisplay that prints each epoch.
type printer struct{}

func (printer) Start(epochs, steps, iterations int)  {}
func (printer) Update(epoch, step int, loss float64) {}
func (printer) EndEpoch(epoch int, loss, valLoss float64) {
	fmt.Printf("epoch %d loss %.3f\n", epoch, loss)
}
func (printer) EndEpochMetrics(epoch int, loss, valLoss float64, m, vm map[string]float64) {
	fmt.Printf("epoch %d loss %.3f accuracy %.2f val_accuracy %.2f\n", epoch, loss, m["accuracy"], vm["accuracy"])
}
func (printer) Done() {}

// A MetricsDisplay (nnplot.Progress is one) gets the metrics of every
// epoch from Live.
func ExampleMetricsDisplay() {
	x, y := twoMoons(40, 0.1, 1)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewAdam(0.05))
	cfg.Epochs, cfg.BatchSize, cfg.ValidationSplit = 3, 8, 0.25
	cfg.Metrics = []model.Metric{model.NewAccuracy()}
	cfg.Callbacks = []model.Callback{model.Live(printer{})}
	model.Fit(context.Background(), model.Build(2, model.Dense(8, activation.NewTanh), model.Linear(2)), x, y, cfg)
	// Output:
	// epoch 1 loss 0.632 accuracy 0.57 val_accuracy 1.00
	// epoch 2 loss 0.387 accuracy 0.83 val_accuracy 1.00
	// epoch 3 loss 0.317 accuracy 0.83 val_accuracy 1.00
}

// Layers builds a block for a given input width; Build calls it with the
// width the block before gives.
func ExampleDenseBlock_Layers() {
	fmt.Println(model.Dense(4, activation.NewTanh).Layers(3, 1))
	// Output:
	// [Dense(3→4) Tanh]
}

func ExampleDenseBlock_String() {
	fmt.Println(model.DenseBlock{Units: 32, Activation: model.Act(activation.NewReLU), Dropout: 0.1})
	// Output:
	// Dense(32, ReLU, dropout 0.1)
}

func ExampleDropoutBlock_Layers() {
	fmt.Println(model.Dropout(0.25).Layers(8, 1))
	// Output:
	// [Dropout(p=0.25)]
}
