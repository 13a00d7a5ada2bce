package model_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/activation"
	"github.com/nnbook/nnbook/nnkit/layer"
	"github.com/nnbook/nnbook/nnkit/loss"
	"github.com/nnbook/nnbook/nnkit/model"
	"github.com/nnbook/nnbook/nnkit/optim"
)

// wantPanic checks that f panics with an nnkit.Error containing every part.
func wantPanic(t *testing.T, name string, f func(), parts ...string) {
	t.Helper()
	err := nnkit.Maybe(f)
	if err == nil {
		t.Errorf("%s: no panic", name)
		return
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: panic %q does not say %q", name, err, p)
		}
	}
}

// wantErr checks that err contains every part.
func wantErr(t *testing.T, name string, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", name)
		return
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %q does not say %q", name, err, p)
		}
	}
}

// TestShapesCheckedWhenBuilt: a mismatch between two layers is reported by
// NewSequential with the index, name and width of both, across the
// activations and Dropout that keep the width, and by Summary when Layers
// was changed afterwards.
func TestShapesCheckedWhenBuilt(t *testing.T) {
	wantPanic(t, "NewSequential", func() {
		model.NewSequential(layer.NewDense(2, 8), activation.NewReLU(), layer.NewDropout(0.5, 1), layer.NewDense(16, 4))
	}, "NewSequential", "layer 3 Dense(16→4) expects 16 input columns", "layer 0 Dense(2→8) gives 8")
	wantPanic(t, "BatchNorm", func() {
		model.NewSequential(layer.NewDense(2, 8), layer.NewBatchNorm(4))
	}, "layer 1 BatchNorm(4, ρ=0.9, ε=1e-05) expects 4 input columns", "layer 0 Dense(2→8) gives 8")
	wantPanic(t, "nested", func() {
		model.NewSequential(model.NewSequential(layer.NewDense(3, 5), activation.NewTanh()), layer.NewDense(4, 1))
	}, "layer 1 Dense(4→1) expects 4", "gives 5")

	net := model.NewSequential(layer.NewDense(2, 8), activation.NewReLU(), layer.NewDense(8, 1))
	if got, want := net.InputCols(), 2; got != want {
		t.Errorf("InputCols = %d, want %d", got, want)
	}
	if got, want := net.OutputCols(2), 1; got != want {
		t.Errorf("OutputCols = %d, want %d", got, want)
	}
	net.Layers[2] = layer.NewDense(3, 1)
	wantPanic(t, "Summary", func() { _ = net.Summary() }, "Summary", "layer 2 Dense(3→1) expects 3 input columns", "layer 0 Dense(2→8) gives 8")
}

func TestFitTeaches(t *testing.T) {
	ctx := context.Background()
	x, y := randomData(12, 4, 3, 1)
	labels := mat.NewDense(12, 1, nil)
	for i := range 12 {
		labels.Set(i, 0, float64(i%3))
	}
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	net := func() *model.Sequential {
		return model.NewMLP([]int{4, 5, 3}, activation.NewReLU, activation.NewIdentity)
	}

	_, err := model.Fit(ctx, net(), labels, labels, cfg)
	wantErr(t, "x columns", err, "nnkit/model: Fit:", "layer 0 Dense(4→5) expects 4 input columns, but x has 1")

	_, err = model.Fit(ctx, net(), x, labels, cfg)
	wantErr(t, "class indices", err, "outputs 3 columns", "y has 1", "class indices", "data.OneHot(labels, 3)")

	_, err = model.Fit(ctx, net(), x, mat.NewDense(12, 2, nil), cfg)
	wantErr(t, "wrong width", err, "outputs 3 columns", "y has 2", "change the last layer to 2 units")

	_, err = model.Fit(ctx, net(), x, y.Slice(0, 10, 0, 3).(*mat.Dense), cfg)
	wantErr(t, "rows", err, "x has 12 rows, y has 10", "one row per sample")

	vcfg := cfg
	vcfg.ValidationX, vcfg.ValidationY = x, labels
	_, err = model.Fit(ctx, net(), x, y, vcfg)
	wantErr(t, "validation class indices", err, "ValidationY holds class indices")

	// Contrastive pairs: the loss takes n×1 labels next to n×2d outputs, and
	// Fit must not object.
	pairs, same := mat.NewDense(4, 4, []float64{0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1, 0}), mat.NewDense(4, 1, []float64{1, 0, 1, 0})
	siam := model.NewSiamese(model.NewMLP([]int{2, 2}, activation.NewTanh, activation.NewIdentity), 2)
	if _, err := model.Fit(ctx, siam, pairs, same, model.NewFitConfig(loss.NewContrastive(), optim.NewSGD(0.1))); err != nil {
		t.Errorf("Siamese with contrastive pairs: %v", err)
	}
}

func TestFitWarnsUnscaled(t *testing.T) {
	x, y := randomData(8, 4, 3, 1)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	var w bytes.Buffer
	cfg.Warnings = &w
	net := model.NewMLP([]int{4, 5, 3}, activation.NewReLU, activation.NewIdentity)
	if _, err := model.Fit(context.Background(), net, x, y, cfg); err != nil || w.Len() != 0 {
		t.Fatalf("scaled data: err %v, warning %q", err, w.String())
	}
	x.Set(5, 2, 255)
	if _, err := model.Fit(context.Background(), net, x, y, cfg); err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"warning", "up to 255", "column 2", "data.NewStandardize()"} {
		if !strings.Contains(w.String(), part) {
			t.Errorf("warning %q does not say %q", w.String(), part)
		}
	}
}

// failing panics with an nnkit.Error on its third Train forward pass.
type failing struct {
	nnkit.Layer
	calls int
}

func (f *failing) Forward(x *mat.Dense, mode nnkit.Mode) *mat.Dense {
	if mode == nnkit.Train {
		if f.calls++; f.calls == 3 {
			nnkit.Panicf("nnkit/test: failing.Forward: broken")
		}
	}
	return f.Layer.Forward(x, mode)
}

func TestFitPanicNamesEpochAndStep(t *testing.T) {
	x, y := randomData(4, 2, 2, 1)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	cfg.Epochs, cfg.BatchSize = 3, 2
	net := &failing{Layer: model.NewMLP([]int{2, 2}, activation.NewTanh, activation.NewIdentity)}
	wantPanic(t, "Fit", func() { model.Fit(context.Background(), net, x, y, cfg) }, "Fit: epoch 2 step 1: nnkit/test: failing.Forward: broken")
}

// TestFitClip compares one full-batch SGD step (η = 1) of a Dense layer
// under ClipNorm and ClipValue with the update worked out from a
// finite-difference gradient clipped by the formulas.
func TestFitClip(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{1, 2, -1, 0.5, 3, -2})
	y := mat.NewDense(3, 1, []float64{4, -3, 10})
	for _, tc := range []struct {
		name            string
		clipNorm, value float64
	}{{"ClipNorm", 0.5, 0}, {"ClipValue", 0, 0.3}, {"both", 0.2, 0.3}, {"none", 0, 0}} {
		net := layer.NewDense(2, 1)
		theta := append(mat.DenseCopyOf(net.W.Value).RawMatrix().Data, net.B.Value.At(0, 0))
		mse := loss.NewMSE()
		f := func(th []float64) float64 {
			w := mat.NewDense(2, 1, th[:2])
			var p mat.Dense
			p.Mul(x, w)
			for i := range 3 {
				p.Set(i, 0, p.At(i, 0)+th[2])
			}
			return mse.Loss(&p, y)
		}
		g := make([]float64, 3)
		for i := range g {
			const h = 1e-6
			a, b := append([]float64(nil), theta...), append([]float64(nil), theta...)
			a[i] += h
			b[i] -= h
			g[i] = (f(a) - f(b)) / (2 * h)
		}
		if tc.value > 0 {
			for i := range g {
				g[i] = math.Max(-tc.value, math.Min(tc.value, g[i]))
			}
		}
		if norm := math.Sqrt(g[0]*g[0] + g[1]*g[1] + g[2]*g[2]); tc.clipNorm > 0 && norm > tc.clipNorm {
			for i := range g {
				g[i] *= tc.clipNorm / norm
			}
		}
		cfg := model.NewFitConfig(mse, optim.NewSGD(1))
		cfg.BatchSize, cfg.ClipNorm, cfg.ClipValue = model.FullBatch, tc.clipNorm, tc.value
		if _, err := model.Fit(context.Background(), net, x, y, cfg); err != nil {
			t.Fatal(err)
		}
		got := append(mat.DenseCopyOf(net.W.Value).RawMatrix().Data, net.B.Value.At(0, 0))
		for i := range got {
			if want := theta[i] - g[i]; math.Abs(got[i]-want) > 1e-6 {
				t.Errorf("%s: θ[%d] = %v, want %v", tc.name, i, got[i], want)
			}
		}
	}
	cfg := model.NewFitConfig(loss.NewMSE(), optim.NewSGD(1))
	cfg.ClipNorm = -1
	wantErr(t, "negative ClipNorm", cfg.Validate(), "ClipNorm and ClipValue must be finite and ≥ 0")
}

// TestFitContinuesHistory: a second Fit with the first one's History numbers
// epochs and iterations on, gives the records of an uninterrupted run of the
// same length (same seeds, so the same batches are not expected, but the
// same numbering), and carries a schedule on.
func TestFitContinuesHistory(t *testing.T) {
	x, y := randomData(6, 2, 2, 1)
	sgd := optim.NewSGD(0.1)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), sgd)
	cfg.Epochs, cfg.BatchSize = 2, 3
	cfg.Callbacks = []model.Callback{model.NewLearningRateScheduler(nnkit.ScheduleFunc(func(e int) float64 { return 1 / float64(e+1) }))}
	net := model.NewMLP([]int{2, 3, 2}, activation.NewTanh, activation.NewIdentity)
	var last model.Progress
	cfg.Callbacks = append(cfg.Callbacks, model.CallbackFunc(func(e model.Event, p *model.Progress) error {
		if e == model.EpochEnd {
			last = *p
		}
		return nil
	}))
	h, err := model.Fit(context.Background(), net, x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.History = h
	cfg.Epochs = 3
	h2, err := model.Fit(context.Background(), net, x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if h2 != h {
		t.Error("Fit with History returned another History")
	}
	if len(h.Epochs) != 5 || len(h.Steps) != 10 {
		t.Fatalf("%d epochs and %d steps, want 5 and 10", len(h.Epochs), len(h.Steps))
	}
	for i, e := range h.Epochs {
		if e.Epoch != i+1 || e.LearningRate != 1/float64(i+1) {
			t.Errorf("epoch record %d: epoch %d rate %v, want %d and %v", i, e.Epoch, e.LearningRate, i+1, 1/float64(i+1))
		}
	}
	for i, s := range h.Steps {
		if s.Iteration != i+1 || s.Epoch != i/2+1 {
			t.Errorf("step record %d: epoch %d iteration %d", i, s.Epoch, s.Iteration)
		}
	}
	if last.Epoch != 5 || last.Epochs != 5 || last.Iteration != 10 {
		t.Errorf("last progress: epoch %d/%d iteration %d, want 5/5 and 10", last.Epoch, last.Epochs, last.Iteration)
	}
}

// TestLearningRatePrecedence: a rate set by hand between two Fit calls
// holds without a scheduler and is overridden by one.
func TestLearningRatePrecedence(t *testing.T) {
	x, y := randomData(6, 2, 2, 1)
	net := model.NewMLP([]int{2, 3, 2}, activation.NewTanh, activation.NewIdentity)
	sgd := optim.NewSGD(0.1)
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), sgd)
	if _, err := model.Fit(context.Background(), net, x, y, cfg); err != nil {
		t.Fatal(err)
	}
	sgd.LearningRate = 0.01
	if _, err := model.Fit(context.Background(), net, x, y, cfg); err != nil || sgd.LearningRate != 0.01 {
		t.Errorf("without a scheduler: rate %v (err %v), want the hand-set 0.01", sgd.LearningRate, err)
	}
	cfg.Callbacks = []model.Callback{model.NewLearningRateScheduler(nnkit.ScheduleFunc(func(int) float64 { return 0.5 }))}
	h, err := model.Fit(context.Background(), net, x, y, cfg)
	if err != nil || sgd.LearningRate != 0.5 || h.Steps[0].LearningRate != 0.5 {
		t.Errorf("with a scheduler: rate %v (err %v), want the schedule's 0.5", sgd.LearningRate, err)
	}
}

// TestFitCallbackErrorNamesEpochAndStep: a callback's error is returned
// wrapped with the event, epoch and step; one at TrainBegin as it is.
func TestFitCallbackErrorNamesEpochAndStep(t *testing.T) {
	x, y := randomData(4, 2, 2, 1)
	broken := errors.New("broken")
	for _, tc := range []struct {
		at   model.Event
		want string
	}{
		{model.StepEnd, "callback model.CallbackFunc at StepEnd of epoch 2 step 1: broken"},
		{model.EpochEnd, "callback model.CallbackFunc at EpochEnd of epoch 2: broken"},
		{model.TrainBegin, "broken"},
	} {
		cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
		cfg.Epochs, cfg.BatchSize = 3, 2
		cfg.Callbacks = []model.Callback{model.CallbackFunc(func(e model.Event, p *model.Progress) error {
			if e == tc.at && (p.Epoch == 2 || e == model.TrainBegin) {
				return broken
			}
			return nil
		})}
		_, err := model.Fit(context.Background(), model.NewMLP([]int{2, 2}, activation.NewTanh, activation.NewIdentity), x, y, cfg)
		if !errors.Is(err, broken) || !strings.HasSuffix(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one ending %q", tc.at, err, tc.want)
		}
	}
}
