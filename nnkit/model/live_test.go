package model_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nnkit/activation"
	"github.com/nnbook/nnbook/nnkit/loss"
	"github.com/nnbook/nnbook/nnkit/model"
	"github.com/nnbook/nnbook/nnkit/optim"
)

// recorder is a MetricsDisplay that can resume; it writes down its calls.
type recorder struct{ calls []string }

func (r *recorder) Start(epochs, steps, iterations int) {
	r.calls = append(r.calls, fmt.Sprintf("Start(%d, %d, %d)", epochs, steps, iterations))
}
func (r *recorder) Resume(done int)                   { r.calls = append(r.calls, fmt.Sprintf("Resume(%d)", done)) }
func (r *recorder) Update(epoch, step int, _ float64) {}
func (r *recorder) EndEpoch(epoch int, _, _ float64) {
	r.calls = append(r.calls, fmt.Sprintf("EndEpoch(%d)", epoch))
}
func (r *recorder) EndEpochMetrics(epoch int, _, _ float64, m, vm map[string]float64) {
	r.calls = append(r.calls, fmt.Sprintf("EndEpochMetrics(%d, %d, %d)", epoch, len(m), len(vm)))
}
func (r *recorder) Done() { r.calls = append(r.calls, "Done") }

func TestLiveMetricsAndResume(t *testing.T) {
	x, y := randomData(8, 2, 2, 1)
	net := model.NewMLP([]int{2, 3, 2}, activation.NewTanh, activation.NewIdentity)
	r := &recorder{}
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
	cfg.Epochs, cfg.BatchSize, cfg.ValidationSplit = 2, 2, 0.25
	cfg.Metrics = []model.Metric{model.NewAccuracy()}
	cfg.Callbacks = []model.Callback{model.Live(r)}
	h, err := model.Fit(context.Background(), net, x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.History, cfg.Metrics = h, nil
	if _, err := model.Fit(context.Background(), net, x, y, cfg); err != nil {
		t.Fatal(err)
	}
	want := "Start(2, 3, 0) EndEpochMetrics(1, 1, 1) EndEpochMetrics(2, 1, 1) Done " +
		"Start(4, 3, 0) Resume(6) EndEpoch(3) EndEpoch(4) Done"
	if got := strings.Join(r.calls, " "); got != want {
		t.Errorf("calls\n%s\nwant\n%s", got, want)
	}
}
