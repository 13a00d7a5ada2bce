package model_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/activation"
	"github.com/nnbook/nnbook/nnkit/initializer"
	"github.com/nnbook/nnbook/nnkit/layer"
	"github.com/nnbook/nnbook/nnkit/loss"
	"github.com/nnbook/nnbook/nnkit/model"
	"github.com/nnbook/nnbook/nnkit/optim"
)

// NewSequential chains layers; Predict runs them in evaluation mode.
func ExampleNewSequential() {
	net := model.NewSequential(layer.NewDense(2, 3), activation.NewReLU(), layer.NewDense(3, 1), activation.NewSigmoid())
	fmt.Println(net)
	fmt.Println(net.Params())
	fmt.Printf("%.4f\n", mat.Formatted(net.Predict(mat.NewDense(2, 2, []float64{1, 2, -1, 0.5}))))
	// Output:
	// Sequential(Dense(2→3), ReLU, Dense(3→1), Sigmoid)
	// [0.W(2×3) 0.b(1×3) 2.W(3×1) 2.b(1×1)]
	// ⎡0.7048⎤
	// ⎣0.4779⎦
}

// A multilayer perceptron in one line: widths, hidden activation, output
// activation.
func ExampleNewMLP() {
	net := model.NewMLP([]int{2, 8, 1}, activation.NewTanh, activation.NewSigmoid)
	fmt.Println(net)
	fmt.Println(net.ParamCount(), "parameters")
	// Output:
	// Sequential(Dense(2→8), Tanh, Dense(8→1), Sigmoid)
	// 33 parameters
}

// The summary table lists every layer with its parameters; HTML gives the
// same table for notebooks.
func ExampleSequential_Summary() {
	net := model.NewSequential(
		layer.NewDense(4, 8), activation.NewReLU(),
		layer.NewDropout(0.5, 1),
		layer.NewDense(8, 3),
	)
	fmt.Print(net.Summary())
	// Output:
	// #  Layer           Parameters    Count
	// 0  Dense(4→8)      W 4×8, b 1×8     40
	// 1  ReLU                              0
	// 2  Dropout(p=0.5)                    0
	// 3  Dense(8→3)      W 8×3, b 1×3     27
	// Total parameters: 67
}

// Fit trains a network; here an MLP learns XOR, which no single perceptron
// can.
func ExampleFit() {
	x := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	y := mat.NewDense(4, 1, []float64{0, 1, 1, 0})
	net := model.NewMLP([]int{2, 4, 1}, activation.NewTanh, activation.NewSigmoid)

	cfg := model.NewFitConfig(loss.NewBinaryCrossEntropy(), optim.NewSGD(0.5))
	cfg.Epochs = 2000
	cfg.BatchSize = model.FullBatch
	cfg.Metrics = []model.Metric{model.NewAccuracy()}
	hist, err := model.Fit(context.Background(), net, x, y, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range []int{1, 500, 1000, 2000} {
		r := hist.Epochs[e-1]
		fmt.Printf("epoch %4d  loss %.4f  accuracy %.2f\n", r.Epoch, r.Loss, r.Metrics["accuracy"])
	}
	fmt.Printf("%.3f\n", mat.Formatted(net.Predict(x).T()))
	// Output:
	// epoch    1  loss 0.7130  accuracy 0.25
	// epoch  500  loss 0.0090  accuracy 1.00
	// epoch 1000  loss 0.0035  accuracy 1.00
	// epoch 2000  loss 0.0015  accuracy 1.00
	// [0.001  0.998  0.998  0.002]
}

// Mini-batches, a validation split and early stopping on two-moons data.
func ExampleEarlyStopping() {
	x, y := twoMoons(300, 0.2, 1)
	net := model.NewMLPWith(model.MLPConfig{Sizes: []int{2, 32, 32, 2}, Init: initializer.HeNormal{}, Seed: 1},
		activation.NewReLU, activation.NewIdentity)
	stop := model.NewEarlyStopping(10)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	cfg.Epochs, cfg.BatchSize, cfg.ValidationSplit = 500, 16, 0.2
	cfg.Metrics = []model.Metric{model.NewAccuracy()}
	cfg.Callbacks = []model.Callback{stop}
	hist, err := model.Fit(context.Background(), net, x, y, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	best := hist.Epochs[stop.BestEpoch-1]
	fmt.Printf("stopped after epoch %d; best epoch %d: val_loss %.4f, val_accuracy %.3f\n",
		stop.StoppedEpoch, stop.BestEpoch, best.ValLoss, best.ValMetrics["accuracy"])
	// Output:
	// stopped after epoch 79; best epoch 69: val_loss 0.0598, val_accuracy 0.983
}

// A learning-rate schedule: halve η every 10 epochs.
func ExampleLearningRateScheduler() {
	x, y := twoMoons(64, 0.1, 1)
	net := model.NewMLP([]int{2, 8, 2}, activation.NewTanh, activation.NewIdentity)
	sgd := optim.NewSGD(0.4)
	halve := nnkit.ScheduleFunc(func(epoch int) float64 { return 0.4 / float64(int(1)<<(epoch/10)) })
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), sgd)
	cfg.Epochs = 30
	cfg.Callbacks = []model.Callback{model.NewLearningRateScheduler(halve)}
	hist, _ := model.Fit(context.Background(), net, x, y, cfg)
	for _, e := range []int{1, 10, 11, 21, 30} {
		fmt.Printf("epoch %2d  η=%.2f\n", e, hist.Epochs[e-1].LearningRate)
	}
	// Output:
	// epoch  1  η=0.40
	// epoch 10  η=0.40
	// epoch 11  η=0.20
	// epoch 21  η=0.10
	// epoch 30  η=0.10
}

// A progress callback sees every step and epoch; a live display redraws
// from it.
func ExampleCallbackFunc() {
	x, y := twoMoons(40, 0.1, 1)
	net := model.NewMLP([]int{2, 8, 2}, activation.NewTanh, activation.NewIdentity)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.2))
	cfg.Epochs, cfg.BatchSize = 3, 16
	cfg.Callbacks = []model.Callback{model.CallbackFunc(func(e model.Event, p *model.Progress) error {
		switch e {
		case model.StepEnd:
			fmt.Printf("epoch %d/%d step %d/%d  loss %.4f\n", p.Epoch, p.Epochs, p.Step, p.Steps, p.Loss)
		case model.EpochEnd:
			fmt.Printf("epoch %d/%d mean loss %.4f\n", p.Epoch, p.Epochs, p.Loss)
		}
		return nil
	})}
	if _, err := model.Fit(context.Background(), net, x, y, cfg); err != nil {
		fmt.Println(err)
	}
	// Output:
	// epoch 1/3 step 1/3  loss 0.6929
	// epoch 1/3 step 2/3  loss 0.6934
	// epoch 1/3 step 3/3  loss 0.5893
	// epoch 1/3 mean loss 0.6724
	// epoch 2/3 step 1/3  loss 0.4477
	// epoch 2/3 step 2/3  loss 0.4032
	// epoch 2/3 step 3/3  loss 0.5545
	// epoch 2/3 mean loss 0.4512
	// epoch 3/3 step 1/3  loss 0.3959
	// epoch 3/3 step 2/3  loss 0.3542
	// epoch 3/3 step 3/3  loss 0.4341
	// epoch 3/3 mean loss 0.3869
}

// The simple perceptron learns AND but never XOR.
func ExamplePerceptron() {
	x := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	for _, gate := range []struct {
		name string
		t    []float64
	}{{"AND", []float64{0, 0, 0, 1}}, {"XOR", []float64{0, 1, 1, 0}}} {
		p := model.NewPerceptron(2)
		p.MaxEpochs = 20
		res := p.Train(x, mat.NewDense(4, 1, gate.t))
		fmt.Printf("%s: converged=%v after %d epochs, mistakes %v\n", gate.name, res.Converged, len(res.Mistakes), res.Mistakes[:6])
		fmt.Println("   predictions", mat.Formatted(p.Predict(x).T()))
	}
	// Output:
	// AND: converged=true after 6 epochs, mistakes [2 3 3 2 1 0]
	//    predictions [0  0  0  1]
	// XOR: converged=false after 20 epochs, mistakes [3 3 4 4 4 4]
	//    predictions [1  1  0  0]
}

// A Triplet network: one embedding network, three branches, trained end to
// end with the triplet loss so that same-class points end up close.
func ExampleSiamese() {
	rng := rand.New(rand.NewPCG(1, 1))
	// Points of two classes in 4-D: class c has mean (±1, ±1, 0, 0).
	sample := func(c int) []float64 {
		s := float64(2*c - 1)
		return []float64{s + 0.3*rng.NormFloat64(), s + 0.3*rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
	}
	const n = 200
	x := mat.NewDense(n, 12, nil) // rows [anchor | positive | negative]
	for i := range n {
		c := i % 2
		x.SetRow(i, append(append(sample(c), sample(c)...), sample(1-c)...))
	}
	noTarget := mat.NewDense(n, 1, nil) // a triplet carries its own labels

	embed := model.NewMLP([]int{4, 8, 2}, activation.NewTanh, activation.NewIdentity)
	net := model.NewSiamese(embed, 3)
	fmt.Println(net)
	before := model.Evaluate(net, x, noTarget, loss.NewTriplet()).Loss
	cfg := model.NewFitConfig(loss.NewTriplet(), optim.NewSGD(0.05))
	cfg.Epochs, cfg.BatchSize = 20, 10
	if _, err := model.Fit(context.Background(), net, x, noTarget, cfg); err != nil {
		fmt.Println(err)
		return
	}
	after := model.Evaluate(net, x, noTarget, loss.NewTriplet()).Loss
	fmt.Printf("triplet loss: before %.4f, after %.4f\n", before, after)

	// Embed three new points: two of class 0, one of class 1.
	e := net.Embed(mat.NewDense(3, 4, append(append(sample(0), sample(0)...), sample(1)...)))
	dist := func(i, j int) float64 { return math.Hypot(e.At(i, 0)-e.At(j, 0), e.At(i, 1)-e.At(j, 1)) }
	fmt.Printf("distance same class %.3f, different classes %.3f\n", dist(0, 1), dist(0, 2))
	// Output:
	// Siamese(3 × Sequential(Dense(4→8), Tanh, Dense(8→2), Identity))
	// triplet loss: before 0.4841, after 0.0000
	// distance same class 0.498, different classes 2.707
}

// Save and Load round-trip the learned numbers exactly.
func ExampleSave() {
	net := model.NewMLP([]int{3, 4, 2}, activation.NewReLU, activation.NewIdentity)
	var buf bytes.Buffer
	if err := model.Save(&buf, net); err != nil {
		fmt.Println(err)
		return
	}
	loaded := model.NewMLPWith(model.MLPConfig{Sizes: []int{3, 4, 2}, Init: initializer.Zeros{}}, activation.NewReLU, activation.NewIdentity)
	if err := model.Load(&buf, loaded); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(mat.Equal(net.Params()[0].Value, loaded.Params()[0].Value))
	// Output:
	// true
}

// Evaluate scores a trained network on held-out data.
func ExampleEvaluate() {
	x, y := twoMoons(200, 0.1, 1)
	net := model.NewMLPWith(model.MLPConfig{Sizes: []int{2, 16, 2}, Init: initializer.HeNormal{}, Seed: 1},
		activation.NewReLU, activation.NewIdentity)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	cfg.Epochs, cfg.BatchSize = 100, 8
	if _, err := model.Fit(context.Background(), net, x, y, cfg); err != nil {
		fmt.Println(err)
		return
	}
	xTest, yTest := twoMoons(200, 0.1, 2)
	fmt.Println(model.Evaluate(net, xTest, yTest, loss.NewCrossEntropy(), model.NewAccuracy()))
	// Output:
	// loss 0.0171, accuracy 1.0000
}

// HTML renders the summary table for notebook front ends.
func ExampleSequential_HTML() {
	net := model.NewMLP([]int{2, 3, 1}, activation.NewReLU, activation.NewSigmoid)
	fmt.Print(net.HTML())
	// Output:
	// <table>
	// <thead><tr><th>#</th><th>Layer</th><th>Parameters</th><th>Count</th></tr></thead>
	// <tbody>
	// <tr><td>0</td><td>Dense(2→3)</td><td>W 2×3, b 1×3</td><td style="text-align:right">9</td></tr>
	// <tr><td>1</td><td>ReLU</td><td></td><td style="text-align:right">0</td></tr>
	// <tr><td>2</td><td>Dense(3→1)</td><td>W 3×1, b 1×1</td><td style="text-align:right">4</td></tr>
	// <tr><td>3</td><td>Sigmoid</td><td></td><td style="text-align:right">0</td></tr>
	// </tbody>
	// <tfoot><tr><td colspan="3">Total parameters</td><td style="text-align:right">13</td></tr></tfoot>
	// </table>
}

// Batch, mini-batch and online learning differ in how many samples each
// step sees, and so in how many steps an epoch takes.
func ExampleFit_modes() {
	x, y := twoMoons(200, 0.1, 1)
	for _, mode := range []struct {
		name  string
		batch int
	}{{"full batch", model.FullBatch}, {"mini-batch 20", 20}, {"online", model.Online}} {
		net := model.NewMLP([]int{2, 8, 2}, activation.NewTanh, activation.NewIdentity)
		cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.05))
		cfg.Epochs, cfg.BatchSize = 20, mode.batch
		hist, err := model.Fit(context.Background(), net, x, y, cfg)
		if err != nil {
			fmt.Println(err)
			return
		}
		last := hist.Epochs[len(hist.Epochs)-1]
		fmt.Printf("%-13s %3d steps/epoch, %4d steps in all, final loss %.4f\n", mode.name, last.Steps, len(hist.Steps), last.Loss)
	}
	// Output:
	// full batch      1 steps/epoch,   20 steps in all, final loss 0.4536
	// mini-batch 20  10 steps/epoch,  200 steps in all, final loss 0.2777
	// online        200 steps/epoch, 4000 steps in all, final loss 0.0786
}

// Recording gradient norms shows the vanishing gradient problem: in a deep
// sigmoid network the gradient shrinks layer by layer towards the input
// (σ′ ≤ 0.25), while with ReLU and He initialisation it does not.
func ExampleFitConfig_gradNorms() {
	x, y := twoMoons(64, 0.1, 1)
	sizes := []int{2, 16, 16, 16, 16, 16, 2}
	for _, net := range []*model.Sequential{
		model.NewMLP(sizes, activation.NewSigmoid, activation.NewIdentity),
		model.NewMLPWith(model.MLPConfig{Sizes: sizes, Init: initializer.HeNormal{}, Seed: 1}, activation.NewReLU, activation.NewIdentity),
	} {
		cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
		cfg.BatchSize, cfg.RecordGradNorms = model.FullBatch, true
		hist, err := model.Fit(context.Background(), net, x, y, cfg)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(net.Layers[1])
		for i, name := range hist.ParamNames {
			if strings.HasSuffix(name, ".W") {
				fmt.Printf("  ‖∂L/∂%s‖ = %.2e\n", name, hist.Steps[0].GradNorms[i])
			}
		}
	}
	// Output:
	// Sigmoid
	//   ‖∂L/∂0.W‖ = 4.52e-04
	//   ‖∂L/∂2.W‖ = 9.98e-04
	//   ‖∂L/∂4.W‖ = 1.13e-03
	//   ‖∂L/∂6.W‖ = 5.16e-03
	//   ‖∂L/∂8.W‖ = 2.42e-02
	//   ‖∂L/∂10.W‖ = 9.11e-02
	// ReLU
	//   ‖∂L/∂0.W‖ = 3.70e-01
	//   ‖∂L/∂2.W‖ = 8.59e-01
	//   ‖∂L/∂4.W‖ = 5.10e-01
	//   ‖∂L/∂6.W‖ = 4.37e-01
	//   ‖∂L/∂8.W‖ = 6.14e-01
	//   ‖∂L/∂10.W‖ = 7.32e-01
}

// EpochLogger prints a line per epoch, here every fifth.
func ExampleEpochLogger() {
	x, y := twoMoons(100, 0.1, 1)
	net := model.NewMLP([]int{2, 8, 2}, activation.NewTanh, activation.NewIdentity)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.2))
	cfg.Epochs, cfg.BatchSize, cfg.ValidationSplit = 12, 10, 0.2
	cfg.Metrics = []model.Metric{model.NewAccuracy()}
	cfg.Callbacks = []model.Callback{&model.EpochLogger{W: os.Stdout, Every: 5}}
	if _, err := model.Fit(context.Background(), net, x, y, cfg); err != nil {
		fmt.Println(err)
	}
	// Output:
	// epoch  5/12  loss 0.2847  accuracy 0.8500  val_loss 0.3004  val_accuracy 0.8500
	// epoch 10/12  loss 0.2595  accuracy 0.8625  val_loss 0.2733  val_accuracy 0.8500
	// epoch 12/12  loss 0.2716  accuracy 0.8625  val_loss 0.2712  val_accuracy 0.9000
}
