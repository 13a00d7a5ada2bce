package model

// Display is a live training display, such as *nnplot.Progress: a progress
// bar and loss curve that a notebook redraws in place while Fit runs.
type Display interface {
	// Start begins a run of epochs epochs of steps steps each (iterations
	// is the planned total when Iterations limits training, else 0).
	Start(epochs, steps, iterations int)
	// Update reports the loss of one step.
	Update(epoch, step int, loss float64)
	// EndEpoch reports an epoch's mean loss and validation loss (NaN
	// without validation data).
	EndEpoch(epoch int, loss, valLoss float64)
	// Done ends the run, leaving the final state on screen.
	Done()
}

// Stopper is a Display that says why training ended early (an interrupt,
// a divergence); Live calls Stopped instead of Done then.
type Stopper interface {
	Stopped(err error)
}

// Live returns a Callback that drives d from Fit's events:
//
//	cfg.Callbacks = append(cfg.Callbacks, model.Live(nnplot.NewProgress()))
//
// A MetricsDisplay gets the training and validation metrics of every epoch
// (FitConfig.Metrics). When Fit continues a History, the display is started
// with the whole plan, epochs numbered on, and told (by a Resume(done int)
// method, which *nnplot.Progress has) how many steps ran before.
func Live(d Display) Callback {
	return CallbackFunc(func(e Event, p *Progress) error {
		switch e {
		case TrainBegin:
			start(d, p)
		case StepEnd:
			d.Update(p.Epoch, p.Step, p.Loss)
		case EpochEnd:
			endEpoch(d, p)
		case TrainEnd:
			if s, ok := d.(Stopper); ok && p.Err != nil {
				s.Stopped(p.Err)
			} else {
				d.Done()
			}
		}
		return nil
	})
}
