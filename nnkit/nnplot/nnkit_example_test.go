package nnplot_test

// Examples with the other nnkit packages: activations, model.Fit and its
// History.

import (
	"context"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/activation"
	"github.com/nnbook/nnbook/nnkit/loss"
	"github.com/nnbook/nnbook/nnkit/model"
	"github.com/nnbook/nnbook/nnkit/nnplot"
	"github.com/nnbook/nnbook/nnkit/optim"
)

// model.History satisfies the interfaces of the history adapters.
var (
	_ nnplot.LossHistory   = (*model.History)(nil)
	_ nnplot.MetricHistory = (*model.History)(nil)
)

// A live display of model.Fit: in a notebook NewProgress draws a bar and a
// loss curve that update in place; here it writes the text bar, with a
// clock that advances 10 ms whenever it is read.
func ExampleProgress_fit() {
	x := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	y := mat.NewDense(4, 1, []float64{0, 1, 1, 0})
	net := model.NewMLP([]int{2, 4, 1}, activation.NewTanh, activation.NewSigmoid)

	var out strings.Builder
	now := time.Unix(0, 0)
	bar := nnplot.NewProgress()
	bar.Title = "XOR"
	bar.Notebook, bar.Writer = false, &out
	bar.Clock = func() time.Time { now = now.Add(10 * time.Millisecond); return now }
	bar.Interval = time.Hour // draw only at the start and at the end

	cfg := model.NewFitConfig(loss.NewBinaryCrossEntropy(), optim.NewSGD(0.5))
	cfg.Epochs = 500
	cfg.BatchSize = model.FullBatch
	cfg.Callbacks = []model.Callback{model.Live(bar)}
	if _, err := model.Fit(context.Background(), net, x, y, cfg); err != nil {
		log.Fatal(err)
	}
	for _, line := range strings.Split(out.String(), "\r")[1:] {
		fmt.Println(strings.TrimSpace(line))
	}
	// Output:
	// epoch 0/500 [░░░░░░░░░░░░░░░░░░░░]   0%  step 0/1
	// epoch 500/500 [████████████████████] 100%  step 1/1  loss 0.009024  49.8 steps/s  done in 0:10
}

// historyOf is a training history with the shape of model.History's.
type historyOf struct{ train, val, trainAcc, valAcc []float64 }

func (h historyOf) Loss() []float64    { return h.train }
func (h historyOf) ValLoss() []float64 { return h.val }
func (h historyOf) Metric(string) []float64 {
	return h.trainAcc
}
func (h historyOf) ValMetric(string) []float64 { return h.valAcc }

// fakeHistory is 60 epochs of a run that starts to overfit after epoch 25.
func fakeHistory() historyOf {
	rng := rand.New(rand.NewPCG(2, 2))
	var h historyOf
	for e := 1; e <= 60; e++ {
		t := float64(e)
		h.train = append(h.train, (0.02+0.7*math.Exp(-t/8))*(1+0.1*rng.NormFloat64()))
		h.val = append(h.val, (0.1+0.7*math.Exp(-t/9)+0.00015*math.Max(0, t-25)*(t-25))*(1+0.05*rng.NormFloat64()))
		h.trainAcc = append(h.trainAcc, 1-0.5*math.Exp(-t/7))
		h.valAcc = append(h.valAcc, 0.95-0.45*math.Exp(-t/8)-0.0002*math.Max(0, t-25)*(t-25)/10)
	}
	return h
}

func ExampleHistoryCurves() {
	h := fakeHistory() // in a notebook: hist, err := model.Fit(…)
	c := nnplot.HistoryCurves(h)
	c.Stop = float64(1 + slices.Index(h.val, slices.Min(h.val))) // in a notebook: early.BestEpoch
	c.Log = true
	if err := nnplot.Save("testdata/history.png", c.Plot()); err != nil {
		log.Fatal(err)
	}
}

func ExampleMetricCurves() {
	h := fakeHistory()
	c := nnplot.MetricCurves(h, "accuracy")
	if err := nnplot.Save("testdata/metric.png", c.Plot()); err != nil {
		log.Fatal(err)
	}
}

// The activation functions of the lecture, each with the derivative its
// Backward propagates, in a grid of panels.
func ExampleActivation_grid() {
	layers := []struct {
		name  string
		layer nnkit.Layer
	}{
		{"step", activation.NewStep()},
		{"sigmoid", activation.NewSigmoid()},
		{"tanh", activation.NewTanh()},
		{"ReLU", activation.NewReLU()},
		{"Leaky ReLU (α = 0.1)", activation.NewLeakyReLU(0.1)},
	}
	var panels []*plot.Plot
	for _, l := range layers {
		p := nnplot.Functions(l.name, -4, 4, nnplot.Activation("f(x)", l.layer))
		p.Y.Min, p.Y.Max = -1.2, 1.6
		panels = append(panels, p)
	}
	g := nnplot.NewGrid("Activation functions f and their derivatives f′", 3, panels...)
	g.Width, g.Height = 9*vg.Inch, 5.6*vg.Inch
	if err := nnplot.Save("testdata/activations.png", g); err != nil {
		log.Fatal(err)
	}
}

func ExampleActivation() {
	f := nnplot.Activation("σ(x)", activation.NewSigmoid())
	for _, x := range []float64{-2, 0, 2} {
		fmt.Printf("x=%4.1f  σ=%.4f  σ′=%.4f\n", x, f.F(x), f.D(x))
	}
	// Output:
	// x=-2.0  σ=0.1192  σ′=0.1050
	// x= 0.0  σ=0.5000  σ′=0.2500
	// x= 2.0  σ=0.8808  σ′=0.1050
}

func ExampleLayerClassifier() {
	// A logistic output: class 1 where σ(x) ≥ 0.5, that is where x ≥ 0.
	classify := nnplot.LayerClassifier(activation.NewSigmoid())
	fmt.Println(classify(mat.NewDense(3, 1, []float64{-1, 0.2, 0.7})))
	// Output:
	// [0 1 1]
}
