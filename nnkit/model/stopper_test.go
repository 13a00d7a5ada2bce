package model_test

import (
	"context"
	"errors"
	"testing"

	"github.com/nnbook/nnbook/nnkit/activation"
	"github.com/nnbook/nnbook/nnkit/loss"
	"github.com/nnbook/nnbook/nnkit/model"
	"github.com/nnbook/nnbook/nnkit/optim"
)

// endDisplay records how a run ended.
type endDisplay struct {
	done    bool
	stopped error
}

func (d *endDisplay) Start(epochs, steps, iterations int)       {}
func (d *endDisplay) Update(epoch, step int, loss float64)      {}
func (d *endDisplay) EndEpoch(epoch int, loss, valLoss float64) {}
func (d *endDisplay) Done()                                     { d.done = true }
func (d *endDisplay) Stopped(err error)                         { d.stopped = err }

// TestLiveStopped checks that Live tells a Stopper display why training
// ended early (an interrupt), and calls Done after a full run.
func TestLiveStopped(t *testing.T) {
	x, y := xorData()
	for _, interrupt := range []bool{false, true} {
		net := model.NewMLP([]int{2, 4, 1}, activation.NewTanh, activation.NewSigmoid)
		cfg := model.NewFitConfig(loss.NewBinaryCrossEntropy(), optim.NewSGD(0.5))
		cfg.Epochs, cfg.BatchSize = 5, model.FullBatch
		var d endDisplay
		ctx, cancel := context.WithCancel(context.Background())
		cfg.Callbacks = append(cfg.Callbacks, model.Live(&d), model.CallbackFunc(func(e model.Event, p *model.Progress) error {
			if interrupt && e == model.EpochEnd && p.Epoch == 2 {
				cancel()
			}
			return nil
		}))
		_, err := model.Fit(ctx, net, x, y, cfg)
		cancel()
		var ie *model.InterruptedError
		switch {
		case interrupt && (!errors.As(err, &ie) || !errors.Is(d.stopped, context.Canceled) || d.done):
			t.Errorf("interrupted: Fit error %v, display stopped with %v, done %v; want an InterruptedError passed to Stopped", err, d.stopped, d.done)
		case !interrupt && (err != nil || d.stopped != nil || !d.done):
			t.Errorf("full run: Fit error %v, display stopped with %v, done %v; want Done", err, d.stopped, d.done)
		}
	}
}
