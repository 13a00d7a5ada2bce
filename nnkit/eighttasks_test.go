package nnkit_test

// The eight everyday tasks of a Keras user (the prototyping issue), written
// with nnkit as notebook cells would be; testdata/eighttasks_keras.py is
// the Keras version and testdata/count_lines.py counts both. Everything
// between a "// task N" line and the next is what a cell holds; nnbook
// imports packages by name, so a cell has no import lines. check(err)
// stands for showing err under the cell (a trailing `err`). Lines after a
// "// scaffold" comment stand for what the test cannot do as a person
// would (press the stop button) and are not counted.

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit/activation"
	"github.com/nnbook/nnbook/nnkit/data"
	"github.com/nnbook/nnbook/nnkit/data/dataset"
	"github.com/nnbook/nnbook/nnkit/loss"
	"github.com/nnbook/nnbook/nnkit/metric"
	"github.com/nnbook/nnbook/nnkit/model"
	"github.com/nnbook/nnbook/nnkit/nnplot"
	"github.com/nnbook/nnbook/nnkit/optim"
	"github.com/nnbook/nnbook/nnkit/schedule"
	"github.com/nnbook/nnbook/nnkit/tune"
)

func TestEightTasks(t *testing.T) {
	if testing.Short() {
		t.Skip("trains several networks")
	}
	ctx := context.Background()
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var out strings.Builder
	stdout := io.Writer(&out)
	_ = os.Stdout

	// task 1: load and scale the data
	x, labels := dataset.Digits()
	x.Scale(1.0/16, x) // pixels 0–16
	y := data.OneHot(labels, 10)

	// task 2: an MLP with ReLU and dropout, Adam, a cosine schedule, early stopping, a live bar
	net := model.Build(64, model.Dense(128, activation.NewReLU), model.Dropout(0.2), model.Linear(10))
	cfg := model.FitConfig{Loss: loss.NewCrossEntropy(), Optimizer: optim.NewAdam(1e-3), Epochs: 20,
		BatchSize: 128, ValidationSplit: 0.1, Metrics: []model.Metric{model.NewAccuracy()},
		Callbacks: []model.Callback{model.NewLearningRateScheduler(schedule.NewCosine(1e-3, 20)),
			model.NewEarlyStopping(3), model.Live(nnplot.NewProgress())}}
	hist, err := model.Fit(ctx, net, x, y, cfg)
	check(err)

	// task 3: inspect and plot the trained model
	fmt.Fprint(stdout, net.Summary())
	curves := nnplot.HistoryCurves(hist).Plot()
	conf := metric.NewConfusion(labels, data.Argmax(net.Predict(x)), 10)
	fmt.Fprintln(stdout, conf.Report(nil))
	confPlot := nnplot.ConfusionMatrix("digits", conf.Counts, nil)

	// task 4: continue training at a new learning rate
	cfg.Optimizer.(*optim.Adam).LearningRate = 1e-4
	cfg.Callbacks, cfg.History, cfg.Epochs = cfg.Callbacks[1:], hist, 5 // a scheduler would override the rate
	hist, err = model.Fit(ctx, net, x, y, cfg)
	check(err)

	// task 5: SMOTE an imbalanced set and compare recall
	xi, yi := dataset.Imbalanced(2000, 0.05, 1)
	sp, err := data.StratifiedTrainTest(yi, 0.25, 1)
	check(err)
	recall := func(xa *mat.Dense, ya []int) float64 {
		m := model.Build(2, model.Dense(16, activation.NewReLU), model.Linear(2))
		_, err := model.Fit(ctx, m, xa, data.OneHot(ya, 2),
			model.NewFitConfig(loss.NewCrossEntropy(), optim.NewAdam(0.01)))
		check(err)
		pred := data.Argmax(m.Predict(data.Rows(xi, sp.Test)))
		return metric.NewConfusion(data.Pick(yi, sp.Test), pred, 2).Recall()[1]
	}
	xs, ys, err := data.NewSMOTE(1).Resample(data.Rows(xi, sp.Train), data.Pick(yi, sp.Train))
	check(err)
	fmt.Fprintln(stdout, recall(data.Rows(xi, sp.Train), data.Pick(yi, sp.Train)), recall(xs, ys))

	// task 6: a small hyperparameter search
	space := tune.Space{tune.Choice{Name: "units", Values: []any{32, 64}},
		tune.FloatRange{Name: "lr", Min: 1e-4, Max: 1e-2, Scale: tune.Log}}
	res, err := tune.NewRandom(8).Search(ctx, space, func(ctx context.Context, p tune.Params) (float64, error) {
		m := model.Build(64, model.Dense(p.Int("units"), activation.NewReLU), model.Dropout(0.2), model.Linear(10))
		c := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewAdam(p.Float("lr")))
		c.Epochs, c.ValidationSplit = 3, 0.1
		h, err := model.Fit(ctx, m, x, y, c)
		return h.ValLoss()[len(h.Epochs)-1], err
	}, tune.Options{Progress: stdout})
	check(err)
	fmt.Fprintln(stdout, res)

	// task 7: deliberate mistakes
	_, err = model.Fit(ctx, net, x.Slice(0, 1797, 0, 60).(*mat.Dense), y, cfg) // too few columns
	fmt.Fprintln(stdout, err)
	_, err = model.Fit(ctx, net, x, data.Column(labels), cfg) // class indices instead of one-hot rows
	fmt.Fprintln(stdout, err)

	// scaffold: the notebook's stop button, pressed during the next Fit
	stopped, cancel := context.WithCancel(ctx)
	cancel()

	// task 8: interrupt and continue
	hist, err = model.Fit(stopped, net, x, y, cfg)
	fmt.Fprintln(stdout, err)
	hist, err = model.Fit(ctx, net, x, y, cfg)
	check(err)

	// end
	_, _ = curves, confPlot
	got := out.String()
	for _, want := range []string{
		"Total parameters: 9610", "weighted", "[8/8] trial 7",
		"layer 0 Dense(64→128) expects 64 input columns, but x has 60",
		"data.OneHot(labels, 10)", "training interrupted",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output does not hold %q:\n%s", want, got)
		}
	}
	if n := len(hist.Epochs); n < 4 || hist.Epochs[n-1].Epoch != n {
		t.Errorf("history of %d epochs ends at epoch %d", n, hist.Epochs[n-1].Epoch)
	}
}
