package model_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strings"
	"syscall"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/activation"
	"github.com/nnbook/nnbook/nnkit/initializer"
	"github.com/nnbook/nnbook/nnkit/layer"
	"github.com/nnbook/nnbook/nnkit/loss"
	"github.com/nnbook/nnbook/nnkit/model"
	"github.com/nnbook/nnbook/nnkit/nntest"
	"github.com/nnbook/nnbook/nnkit/optim"
)

func TestConformance(t *testing.T) {
	x, _ := randomData(5, 6, 2, 3)
	t.Run("Sequential", func(t *testing.T) {
		nntest.TestLayer(t, func() nnkit.Layer {
			return model.NewSequential(layer.NewDense(6, 4), activation.NewTanh(), layer.NewBatchNorm(4), layer.NewDense(4, 3))
		}, x)
	})
	t.Run("Siamese", func(t *testing.T) {
		// Three branches of width 2 share a 2→3 network.
		nntest.TestLayer(t, func() nnkit.Layer {
			return model.NewSiamese(model.NewSequential(layer.NewDense(2, 3), activation.NewSigmoid()), 3)
		}, x)
	})
}

// TestSiameseSharesWeights checks the Siamese gradient against running the
// network on each branch separately and adding the gradients.
func TestSiameseSharesWeights(t *testing.T) {
	x, _ := randomData(4, 6, 2, 5)
	newNet := func() *model.Sequential {
		return model.NewSequential(layer.NewDense(3, 2), activation.NewTanh())
	}
	s := model.NewSiamese(newNet(), 2)
	dOut, _ := randomData(4, 4, 2, 6)
	s.Forward(x, nnkit.Train)
	s.Backward(dOut)

	ref := newNet()
	for b := range 2 {
		xb := mat.DenseCopyOf(x.Slice(0, 4, 3*b, 3*b+3))
		ref.Forward(xb, nnkit.Train)
		ref.Backward(mat.DenseCopyOf(dOut.Slice(0, 4, 2*b, 2*b+2)))
	}
	for i, p := range s.Params() {
		if !mat.EqualApprox(p.Grad, ref.Params()[i].Grad, 1e-14) {
			t.Errorf("%s: Siamese gradient %v, sum over branches %v", p.Name, mat.Formatted(p.Grad), mat.Formatted(ref.Params()[i].Grad))
		}
	}
	if err := nnkit.Maybe(func() { s.Forward(mat.NewDense(2, 5, nil), nnkit.Eval) }); err == nil ||
		!strings.Contains(err.Error(), "input is 2×5") {
		t.Errorf("odd input width: panic %v, want one naming 2×5", err)
	}
}

func accuracy(net nnkit.Layer, x, y *mat.Dense) float64 {
	return model.Evaluate(net, x, y, loss.NewMSE(), model.NewAccuracy()).Metrics["accuracy"]
}

func TestMLPLearnsXOR(t *testing.T) {
	x, y := xorData()
	net := model.NewMLP([]int{2, 4, 1}, activation.NewTanh, activation.NewSigmoid)
	cfg := model.NewFitConfig(loss.NewBinaryCrossEntropy(), optim.NewSGD(0.5))
	cfg.Epochs, cfg.BatchSize = 2000, model.FullBatch
	if _, err := model.Fit(context.Background(), net, x, y, cfg); err != nil {
		t.Fatal(err)
	}
	if acc := accuracy(net, x, y); acc != 1 {
		t.Errorf("XOR accuracy %v, want 1; outputs %v", acc, mat.Formatted(net.Predict(x).T()))
	}
}

func TestMLPLearnsTwoMoons(t *testing.T) {
	x, y := twoMoons(400, 0.1, 1)
	xTest, yTest := twoMoons(400, 0.1, 2)
	net := model.NewMLPWith(model.MLPConfig{Sizes: []int{2, 16, 16, 2}, Init: initializer.HeNormal{}, Seed: 3},
		activation.NewReLU, activation.NewIdentity)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	cfg.Epochs, cfg.BatchSize = 200, 16
	if _, err := model.Fit(context.Background(), net, x, y, cfg); err != nil {
		t.Fatal(err)
	}
	acc := accuracy(net, xTest, yTest)
	t.Logf("two-moons test accuracy %.4f", acc)
	if acc < 0.97 {
		t.Errorf("two-moons test accuracy %v, want ≥ 0.97", acc)
	}
}

// train builds and trains a small network from fixed seeds.
func train(t *testing.T, batch int) *model.Sequential {
	t.Helper()
	x, y := twoMoons(100, 0.2, 4)
	net := model.NewMLPWith(model.MLPConfig{Sizes: []int{2, 8, 2}, Init: initializer.GlorotUniform{}, Seed: 7},
		func() *activation.RReLU { return activation.NewRReLU(2) }, activation.NewIdentity)
	net.Layers = append(net.Layers[:2:2], append([]nnkit.Layer{layer.NewDropout(0.2, 5)}, net.Layers[2:]...)...)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.05))
	cfg.Epochs, cfg.BatchSize, cfg.Seed = 5, batch, 11
	if _, err := model.Fit(context.Background(), net, x, y, cfg); err != nil {
		t.Fatal(err)
	}
	return net
}

func TestSameSeedSameWeights(t *testing.T) {
	for _, batch := range []int{model.FullBatch, model.Online, 7} {
		a, b := train(t, batch), train(t, batch)
		for i, p := range a.Params() {
			q := b.Params()[i]
			ar, br := p.Value.RawMatrix().Data, q.Value.RawMatrix().Data
			for j := range ar {
				if math.Float64bits(ar[j]) != math.Float64bits(br[j]) {
					t.Fatalf("batch %d: %s[%d]: %v vs %v", batch, p.Name, j, ar[j], br[j])
				}
			}
		}
	}
}

func TestSaveLoad(t *testing.T) {
	newNet := func(seed uint64) *model.Sequential {
		return model.NewSequential(
			layer.NewDenseWith(layer.DenseConfig{In: 2, Out: 5, Init: initializer.HeNormal{}, Seed: seed}),
			layer.NewBatchNorm(5), activation.NewPReLU(), layer.NewDense(5, 2))
	}
	net := newNet(1)
	x, y := twoMoons(64, 0.1, 3)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	cfg.Epochs = 3
	if _, err := model.Fit(context.Background(), net, x, y, cfg); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := model.Save(&buf, net); err != nil {
		t.Fatal(err)
	}
	saved := buf.Bytes()
	got := newNet(2)
	if err := model.Load(bytes.NewReader(saved), got); err != nil {
		t.Fatal(err)
	}
	for i, p := range net.Params() {
		if !mat.Equal(p.Value, got.Params()[i].Value) {
			t.Errorf("%s differs after Save/Load", p.Name)
		}
	}
	for i, b := range net.Buffers() {
		if !mat.Equal(b, got.Buffers()[i]) {
			t.Errorf("buffer %d differs after Save/Load", i)
		}
	}
	if !mat.Equal(net.Predict(x), got.Predict(x)) {
		t.Error("predictions differ after Save/Load")
	}
	// Saving the loaded network gives the same bytes.
	var again bytes.Buffer
	if err := model.Save(&again, got); err != nil || !bytes.Equal(again.Bytes(), saved) {
		t.Errorf("second Save differs (err %v)", err)
	}

	for _, tc := range []struct {
		name string
		data []byte
		net  nnkit.Layer
		want string
	}{
		{"other architecture", saved, model.NewMLP([]int{2, 5, 2}, activation.NewReLU, activation.NewIdentity), "file holds 9 matrices, network has 4"},
		{"other shape", saved, model.NewSequential(layer.NewDense(2, 4), layer.NewBatchNorm(4), activation.NewPReLU(), layer.NewDense(4, 2)), "file has 0.W (2×5) where the network has 0.W (2×4)"},
		{"truncated", saved[:len(saved)-3], newNet(1), "unexpected EOF"},
		{"not a weights file", []byte("hello"), newNet(1), "not a file written by model.Save"},
	} {
		err := model.Load(bytes.NewReader(tc.data), tc.net)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Load error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestPerceptronLogicGates(t *testing.T) {
	x := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	for _, tc := range []struct {
		name      string
		t         []float64
		converges bool
	}{
		{"AND", []float64{0, 0, 0, 1}, true},
		{"OR", []float64{0, 1, 1, 1}, true},
		{"NAND", []float64{1, 1, 1, 0}, true},
		{"XOR", []float64{0, 1, 1, 0}, false},
	} {
		p := model.NewPerceptron(2)
		target := mat.NewDense(4, 1, tc.t)
		res := p.Train(x, target)
		if res.Converged != tc.converges {
			t.Errorf("%s: converged %v, want %v (mistakes per epoch %v)", tc.name, res.Converged, tc.converges, res.Mistakes)
		}
		right := 0
		pred := p.Predict(x)
		for i := range 4 {
			if pred.At(i, 0) == tc.t[i] {
				right++
			}
		}
		switch {
		case tc.converges && right != 4:
			t.Errorf("%s: %d of 4 right after convergence", tc.name, right)
		case !tc.converges:
			// No line separates XOR: every epoch has a mistake, and at most
			// 3 of the 4 points can be right.
			if len(res.Mistakes) != p.MaxEpochs || right == 4 {
				t.Errorf("XOR: %d epochs, %d of 4 right", len(res.Mistakes), right)
			}
			for e, m := range res.Mistakes {
				if m == 0 {
					t.Errorf("XOR: epoch %d had no mistakes", e+1)
				}
			}
		}
	}
}

func TestFitModes(t *testing.T) {
	x, y := randomData(10, 3, 2, 1)
	for _, tc := range []struct {
		name                 string
		batch, epochs, iters int
		wantSteps            []int // steps per epoch record
	}{
		{"full batch", model.FullBatch, 3, 0, []int{1, 1, 1}},
		{"online", model.Online, 2, 0, []int{10, 10}},
		{"mini-batch", 4, 2, 0, []int{3, 3}},
		{"iterations", 4, 0, 7, []int{3, 3, 1}},
		{"iterations within epochs", 4, 2, 100, []int{3, 3}},
	} {
		net := model.NewMLP([]int{3, 4, 2}, activation.NewTanh, activation.NewIdentity)
		cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
		cfg.BatchSize, cfg.Epochs, cfg.Iterations = tc.batch, tc.epochs, tc.iters
		h, err := model.Fit(context.Background(), net, x, y, cfg)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []int
		total := 0
		for _, e := range h.Epochs {
			got = append(got, e.Steps)
			total += e.Steps
		}
		if !equalInts(got, tc.wantSteps) || len(h.Steps) != total {
			t.Errorf("%s: steps per epoch %v (%d step records), want %v", tc.name, got, len(h.Steps), tc.wantSteps)
		}
		for i, s := range h.Steps {
			if s.Iteration != i+1 {
				t.Errorf("%s: step record %d has iteration %d", tc.name, i, s.Iteration)
				break
			}
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestFitEpochLoss checks that the epoch loss is the mean of the batch
// losses weighted by batch size, and the full-batch loss is the loss before
// the step.
func TestFitEpochLoss(t *testing.T) {
	x, y := randomData(10, 3, 2, 1)
	net := model.NewMLP([]int{3, 4, 2}, activation.NewTanh, activation.NewIdentity)
	before := model.Evaluate(net, x, y, loss.NewCrossEntropy()).Loss
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	cfg.BatchSize = 4
	h, err := model.Fit(context.Background(), net, x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := h.Steps
	want := (4*s[0].Loss + 4*s[1].Loss + 2*s[2].Loss) / 10
	if got := h.Epochs[0].Loss; math.Abs(got-want) > 1e-15 {
		t.Errorf("epoch loss %v, want %v", got, want)
	}
	net = model.NewMLP([]int{3, 4, 2}, activation.NewTanh, activation.NewIdentity)
	cfg.BatchSize = model.FullBatch
	h, _ = model.Fit(context.Background(), net, x, y, cfg)
	if got := h.Steps[0].Loss; got != before {
		t.Errorf("full-batch step loss %v, want the loss before training %v", got, before)
	}
}

func TestFitCancel(t *testing.T) {
	x, y := randomData(20, 3, 2, 1)
	net := model.NewMLP([]int{3, 4, 2}, activation.NewTanh, activation.NewIdentity)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	cfg.Epochs, cfg.BatchSize = 100, 4
	cfg.Callbacks = []model.Callback{model.CallbackFunc(func(e model.Event, p *model.Progress) error {
		if e == model.StepEnd && p.Iteration == 7 {
			cancel()
		}
		return nil
	})}
	h, err := model.Fit(ctx, net, x, y, cfg)
	var ie *model.InterruptedError
	if !errors.As(err, &ie) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want an InterruptedError wrapping context.Canceled", err)
	}
	// 5 steps per epoch: iteration 8 would be epoch 2 step 3.
	if ie.Epoch != 2 || ie.Step != 3 || len(h.Steps) != 7 || len(h.Epochs) != 2 || h.Epochs[1].Steps != 2 {
		t.Errorf("stopped before epoch %d step %d with %d steps, %d epochs; want epoch 2 step 3, 7 steps, 2 epochs",
			ie.Epoch, ie.Step, len(h.Steps), len(h.Epochs))
	}
}

func TestFitSIGINT(t *testing.T) {
	x, y := randomData(20, 3, 2, 1)
	net := model.NewMLP([]int{3, 4, 2}, activation.NewTanh, activation.NewIdentity)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	cfg.Epochs, cfg.BatchSize = 1_000_000, 4
	cfg.Callbacks = []model.Callback{model.CallbackFunc(func(e model.Event, p *model.Progress) error {
		if e == model.StepEnd && p.Iteration == 3 {
			return syscall.Kill(syscall.Getpid(), syscall.SIGINT)
		}
		return nil
	})}
	h, err := model.Fit(context.Background(), net, x, y, cfg)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "interrupt signal received") {
		t.Fatalf("err = %v, want an interrupt", err)
	}
	// The signal arrives asynchronously, a few steps after it was sent.
	if n := len(h.Steps); n < 3 {
		t.Errorf("%d steps recorded, want at least the 3 before the signal", n)
	}
}

func TestFitDivergence(t *testing.T) {
	x, y := randomData(8, 3, 1, 1)
	y.Scale(1e3, y)
	net := model.NewMLP([]int{3, 8, 1}, activation.NewReLU, activation.NewIdentity)
	cfg := model.NewFitConfig(loss.NewMSE(), optim.NewSGD(10))
	cfg.Epochs, cfg.BatchSize = 100, 4
	h, err := model.Fit(context.Background(), net, x, y, cfg)
	var de *nnkit.DivergenceError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want a DivergenceError", err)
	}
	if !strings.Contains(err.Error(), "smaller learning rate") {
		t.Errorf("error %q does not suggest a smaller learning rate", err)
	}
	last := h.Steps[len(h.Steps)-1]
	wantEpoch, wantStep := last.Epoch, last.Step+1
	if last.Step == 2 {
		wantEpoch, wantStep = last.Epoch+1, 1
	}
	if de.Epoch != wantEpoch || de.Step != wantStep {
		t.Errorf("divergence at epoch %d step %d, want epoch %d step %d (the step after the last recorded)", de.Epoch, de.Step, wantEpoch, wantStep)
	}
}

func TestFitValidationSplit(t *testing.T) {
	x, y := twoMoons(50, 0.1, 1)
	net := model.NewMLP([]int{2, 4, 2}, activation.NewTanh, activation.NewIdentity)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	cfg.Epochs, cfg.BatchSize, cfg.ValidationSplit = 2, model.FullBatch, 0.2
	cfg.Metrics = []model.Metric{model.NewAccuracy()}
	h, err := model.Fit(context.Background(), net, x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	// The last 10 rows are held out.
	want := model.Evaluate(net, mat.DenseCopyOf(x.Slice(40, 50, 0, 2)), mat.DenseCopyOf(y.Slice(40, 50, 0, 2)), loss.NewCrossEntropy(), model.NewAccuracy())
	last := h.Epochs[1]
	if last.ValLoss != want.Loss || last.ValMetrics["accuracy"] != want.Metrics["accuracy"] {
		t.Errorf("validation %v / %v, want %v", last.ValLoss, last.ValMetrics, want)
	}
	if h.Epochs[0].Steps != 1 {
		t.Errorf("full batch over 40 rows took %d steps", h.Epochs[0].Steps)
	}
	if math.IsNaN(h.Metric("accuracy")[0]) || math.IsNaN(h.ValLoss()[0]) {
		t.Error("metrics missing from the history")
	}
}

func TestFitGradNorms(t *testing.T) {
	x, y := randomData(6, 3, 2, 2)
	newNet := func() *model.Sequential {
		return model.NewMLP([]int{3, 4, 2}, activation.NewSigmoid, activation.NewIdentity)
	}
	net := newNet()
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	cfg.BatchSize, cfg.RecordGradNorms = model.FullBatch, true
	h, err := model.Fit(context.Background(), net, x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(h.ParamNames, " "); got != "0.W 0.b 2.W 2.b" {
		t.Errorf("ParamNames %q", got)
	}
	// Recompute the first step's gradients by hand.
	ref := newNet()
	ce := loss.NewCrossEntropy()
	ref.Backward(ce.Grad(ref.Forward(x, nnkit.Train), y))
	for i, p := range ref.Params() {
		var sum float64
		for _, g := range p.Grad.RawMatrix().Data {
			sum += g * g
		}
		if got, want := h.Steps[0].GradNorms[i], math.Sqrt(sum); math.Abs(got-want) > 1e-15*want {
			t.Errorf("‖∂L/∂%s‖ = %v, want %v", p.Name, got, want)
		}
	}
}

func TestEarlyStopping(t *testing.T) {
	x, y := randomData(8, 2, 2, 1)
	net := model.NewMLP([]int{2, 3, 2}, activation.NewTanh, activation.NewIdentity)
	// With learning rate 0 the loss never improves after epoch 1.
	es := model.NewEarlyStopping(3)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), &optim.SGD{LearningRate: 1e-300})
	cfg.Epochs, cfg.Callbacks = 50, []model.Callback{es}
	h, err := model.Fit(context.Background(), net, x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Epochs) != 4 || es.StoppedEpoch != 4 || es.BestEpoch != 1 {
		t.Errorf("ran %d epochs, stopped at %d, best %d; want 4, 4, 1", len(h.Epochs), es.StoppedEpoch, es.BestEpoch)
	}
}

// TestEarlyStoppingRestore drives EarlyStopping with a scripted sequence of
// validation losses and checks which parameters it restores.
func TestEarlyStoppingRestore(t *testing.T) {
	w := nnkit.NewParam("w", mat.NewDense(1, 1, nil))
	p := &model.Progress{Params: []*nnkit.Param{w}}
	es := model.NewEarlyStopping(2)
	es.MinDelta = 0.05
	es.OnEvent(model.TrainBegin, p)
	for epoch, l := range []float64{1.0, 0.5, 0.48, 0.6} {
		p.Epoch, p.ValLoss = epoch+1, l
		w.Value.Set(0, 0, float64(epoch+1)) // the "weights" of each epoch
		es.OnEvent(model.EpochEnd, p)
	}
	// 0.48 is not better than 0.5 by more than MinDelta: the best is epoch 2,
	// and epochs 3 and 4 exhaust the patience.
	if !p.Stop || es.BestEpoch != 2 || es.StoppedEpoch != 4 {
		t.Errorf("stop %v, best %d, stopped %d; want true, 2, 4", p.Stop, es.BestEpoch, es.StoppedEpoch)
	}
	es.OnEvent(model.TrainEnd, p)
	if got := w.Value.At(0, 0); got != 2 {
		t.Errorf("restored weights of epoch %v, want 2", got)
	}
}

func TestLearningRateScheduler(t *testing.T) {
	x, y := randomData(6, 2, 2, 1)
	for _, tc := range []struct {
		every model.Interval
		want  []float64 // per step
	}{
		{model.PerEpoch, []float64{1, 1, 1, 0.5, 0.5, 0.5}},
		{model.PerIteration, []float64{1, 0.5, 1.0 / 3, 0.25, 0.2, 1.0 / 6}},
	} {
		net := model.NewMLP([]int{2, 3, 2}, activation.NewTanh, activation.NewIdentity)
		sgd := optim.NewSGD(0.1)
		cfg := model.NewFitConfig(loss.NewCrossEntropy(), sgd)
		cfg.Epochs, cfg.BatchSize = 2, 2
		cfg.Callbacks = []model.Callback{&model.LearningRateScheduler{
			Schedule: nnkit.ScheduleFunc(func(t int) float64 { return 1 / float64(t+1) }),
			Every:    tc.every,
		}}
		h, err := model.Fit(context.Background(), net, x, y, cfg)
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range h.Steps {
			if s.LearningRate != tc.want[i] {
				t.Errorf("%v: step %d learning rate %v, want %v", cfg.Callbacks[0], i+1, s.LearningRate, tc.want[i])
			}
		}
		if sgd.LearningRate != tc.want[5] {
			t.Errorf("%v: optimizer ends at %v, want %v", cfg.Callbacks[0], sgd.LearningRate, tc.want[5])
		}
	}
}

// fixedStep is an optimizer without SetLearningRate.
type fixedStep struct{}

func (fixedStep) Step([]*nnkit.Param) {}

func TestLearningRateSchedulerNeedsSetter(t *testing.T) {
	x, y := randomData(4, 2, 2, 1)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), fixedStep{})
	cfg.Callbacks = []model.Callback{model.NewLearningRateScheduler(nnkit.ScheduleFunc(func(int) float64 { return 1 }))}
	_, err := model.Fit(context.Background(), model.NewMLP([]int{2, 2}, activation.NewTanh, activation.NewIdentity), x, y, cfg)
	if err == nil || !strings.Contains(err.Error(), "cannot change its learning rate") {
		t.Errorf("err = %v, want one saying the optimizer cannot change its rate", err)
	}
}

func TestCallbackEvents(t *testing.T) {
	x, y := randomData(4, 2, 2, 1)
	var events []string
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	cfg.Epochs, cfg.BatchSize = 2, 2
	cfg.Callbacks = []model.Callback{model.CallbackFunc(func(e model.Event, p *model.Progress) error {
		events = append(events, e.String())
		return nil
	})}
	if _, err := model.Fit(context.Background(), model.NewMLP([]int{2, 2}, activation.NewTanh, activation.NewIdentity), x, y, cfg); err != nil {
		t.Fatal(err)
	}
	epoch := "EpochBegin StepBegin StepEnd StepBegin StepEnd EpochEnd"
	if got, want := strings.Join(events, " "), "TrainBegin "+epoch+" "+epoch+" TrainEnd"; got != want {
		t.Errorf("events\n%s\nwant\n%s", got, want)
	}
}

func TestFitConfigErrors(t *testing.T) {
	x, y := randomData(4, 2, 2, 1)
	net := model.NewMLP([]int{2, 2}, activation.NewTanh, activation.NewIdentity)
	base := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	for _, tc := range []struct {
		name   string
		change func(c *model.FitConfig)
		want   string
	}{
		{"no loss", func(c *model.FitConfig) { c.Loss = nil }, "no Loss"},
		{"no epochs", func(c *model.FitConfig) { c.Epochs = 0 }, "need Epochs > 0 or Iterations > 0"},
		{"negative batch", func(c *model.FitConfig) { c.BatchSize = -1 }, "BatchSize is -1"},
		{"split", func(c *model.FitConfig) { c.ValidationSplit = 1 }, "ValidationSplit must be in [0, 1)"},
		{"bad optimizer", func(c *model.FitConfig) { c.Optimizer = optim.NewSGD(-1) }, "learning rate"},
		{"large split", func(c *model.FitConfig) { c.ValidationSplit = 0.9 }, "leaves 0 for training and 4 for validation"},
	} {
		c := base
		tc.change(&c)
		_, err := model.Fit(context.Background(), net, x, y, c)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := model.Fit(context.Background(), net, x, mat.NewDense(3, 2, nil), base); err == nil ||
		!strings.Contains(err.Error(), "x has 4 rows, y has 3") {
		t.Errorf("row mismatch: err = %v", err)
	}
}

func TestAccuracy(t *testing.T) {
	for _, tc := range []struct {
		name         string
		a            model.Accuracy
		pred, target *mat.Dense
		want         float64
	}{
		{"argmax", model.NewAccuracy(), mat.NewDense(3, 3, []float64{5, 1, 0, 0, 0.2, 0.1, -1, -2, -3}),
			mat.NewDense(3, 3, []float64{1, 0, 0, 0, 0, 1, 1, 0, 0}), 2.0 / 3},
		{"threshold", model.NewAccuracy(), mat.NewDense(4, 1, []float64{0.9, 0.5, 0.49, 0.1}),
			mat.NewDense(4, 1, []float64{1, 0, 0, 1}), 0.5},
		{"logit threshold", model.Accuracy{Threshold: 0}, mat.NewDense(2, 1, []float64{-0.1, 3}),
			mat.NewDense(2, 1, []float64{0, 1}), 1},
	} {
		if got := tc.a.Score(tc.pred, tc.target); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSummary(t *testing.T) {
	net := model.NewSequential(layer.NewDense(784, 128), activation.NewReLU(), layer.NewBatchNorm(128), layer.NewDense(128, 10))
	want := `#  Layer                           Parameters                Count
0  Dense(784→128)                  W 784×128, b 1×128       100480
1  ReLU                                                          0
2  BatchNorm(128, ρ=0.9, ε=1e-05)  gamma 1×128, beta 1×128     256
3  Dense(128→10)                   W 128×10, b 1×10           1290
Total parameters: 102026
`
	if got := net.Summary(); got != want {
		t.Errorf("Summary:\n%s\nwant:\n%s", got, want)
	}
	h := net.HTML()
	for _, s := range []string{"<table>", "<td>Dense(784→128)</td>", "<td>W 784×128, b 1×128</td>", ">102026</td>"} {
		if !strings.Contains(h, s) {
			t.Errorf("HTML lacks %q:\n%s", s, h)
		}
	}
	if got, want := net.String(), "Sequential(Dense(784→128), ReLU, BatchNorm(128, ρ=0.9, ε=1e-05), Dense(128→10))"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := net.ParamCount(); got != 784*128+128+256+1290 {
		t.Errorf("ParamCount = %d", got)
	}
}

// TestSiameseContrastiveLearns trains a Siamese network on pairs of
// two-moons points with the contrastive loss and checks that, afterwards,
// held-out pairs from the same moon are closer than pairs from different
// moons far more often than not.
func TestSiameseContrastiveLearns(t *testing.T) {
	const n = 400
	pairs := func(seed uint64) (x, same *mat.Dense) {
		a, ya := twoMoons(n, 0.1, seed)
		b, yb := twoMoons(n, 0.1, seed+100)
		x, same = mat.NewDense(n, 4, nil), mat.NewDense(n, 1, nil)
		for i := range n {
			// Shift b by one row so that half the pairs mix the moons.
			j := (i + i/2) % n
			x.SetRow(i, []float64{a.At(i, 0), a.At(i, 1), b.At(j, 0), b.At(j, 1)})
			if ya.At(i, 0) == yb.At(j, 0) {
				same.Set(i, 0, 1)
			}
		}
		return x, same
	}
	x, same := pairs(1)
	embed := model.NewMLPWith(model.MLPConfig{Sizes: []int{2, 16, 2}, Init: initializer.HeNormal{}, Seed: 1},
		activation.NewReLU, activation.NewIdentity)
	net := model.NewSiamese(embed, 2)
	cfg := model.NewFitConfig(loss.NewContrastive(), optim.NewSGD(0.1))
	cfg.Epochs, cfg.BatchSize = 60, 16
	h, err := model.Fit(context.Background(), net, x, same, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if first, last := h.Epochs[0].Loss, h.Epochs[len(h.Epochs)-1].Loss; last > first/2 {
		t.Errorf("contrastive loss fell only from %v to %v", first, last)
	}
	// On new pairs, a threshold at half the margin separates same from
	// different.
	xt, st := pairs(7)
	e := net.Forward(xt, nnkit.Eval)
	right := 0
	for i := range n {
		d := math.Hypot(e.At(i, 0)-e.At(i, 2), e.At(i, 1)-e.At(i, 3))
		if (d < 0.5) == (st.At(i, 0) == 1) {
			right++
		}
	}
	acc := float64(right) / n
	t.Logf("held-out pair accuracy %.4f", acc)
	if acc < 0.9 {
		t.Errorf("pair accuracy %v on held-out pairs, want ≥ 0.9", acc)
	}
}

func TestFitValidationData(t *testing.T) {
	x, y := twoMoons(40, 0.1, 1)
	xv, yv := twoMoons(20, 0.1, 2)
	net := model.NewMLP([]int{2, 4, 2}, activation.NewTanh, activation.NewIdentity)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	cfg.Epochs, cfg.ValidationX, cfg.ValidationY = 3, xv, yv
	h, err := model.Fit(context.Background(), net, x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := h.ValLoss()[2], model.Evaluate(net, xv, yv, loss.NewCrossEntropy()).Loss; got != want {
		t.Errorf("last validation loss %v, want %v", got, want)
	}
	if h.Epochs[0].Steps != 2 {
		t.Errorf("40 rows in batches of 32 took %d steps, want 2", h.Epochs[0].Steps)
	}
}

// plateau halves its rate whenever the observed loss does not improve.
type plateau struct {
	lr, best float64
	seen     []float64
}

func (p *plateau) LearningRate(int) float64 { return p.lr }

func (p *plateau) Observe(loss float64) {
	p.seen = append(p.seen, loss)
	if loss >= p.best {
		p.lr /= 2
	}
	p.best = min(p.best, loss)
}

func TestLearningRateSchedulerObserves(t *testing.T) {
	x, y := randomData(6, 2, 2, 1)
	xv, yv := randomData(4, 2, 2, 2)
	net := model.NewMLP([]int{2, 3, 2}, activation.NewTanh, activation.NewIdentity)
	p := &plateau{lr: 0.1, best: math.Inf(1)}
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(1))
	cfg.Epochs, cfg.ValidationX, cfg.ValidationY = 3, xv, yv
	cfg.Callbacks = []model.Callback{model.NewLearningRateScheduler(p)}
	h, err := model.Fit(context.Background(), net, x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.seen, h.ValLoss(); len(got) != 3 || got[0] != want[0] || got[2] != want[2] {
		t.Errorf("observed %v, want the validation losses %v", got, want)
	}
	if h.Epochs[0].LearningRate != 0.1 {
		t.Errorf("first epoch ran at %v, want 0.1", h.Epochs[0].LearningRate)
	}
}

func TestParamNames(t *testing.T) {
	inner := model.NewSequential(layer.NewDense(2, 3), activation.NewTanh(), layer.NewDense(3, 3))
	outer := model.NewSequential(layer.NewDense(4, 2), inner, activation.NewPReLU())
	var names []string
	for _, p := range outer.Params() {
		names = append(names, p.Name)
	}
	if got, want := strings.Join(names, " "), "0.W 0.b 1.0.W 1.0.b 1.2.W 1.2.b 2.alpha"; got != want {
		t.Errorf("names %q, want %q", got, want)
	}
	// Chaining the same layers again renames them by their new positions.
	again := model.NewSequential(outer.Layers[2], outer.Layers[0])
	if got := again.Params()[0].Name + " " + again.Params()[1].Name; got != "0.alpha 1.W" {
		t.Errorf("re-chained names %q, want \"0.alpha 1.W\"", got)
	}
}
