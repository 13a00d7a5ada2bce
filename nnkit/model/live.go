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

// MetricsDisplay is a Display that also shows each epoch's metrics, such
// as *nnplot.Progress.
type MetricsDisplay interface {
	Display
	// EndEpochMetrics is EndEpoch with the epoch's training and validation
	// metrics (nil without).
	EndEpochMetrics(epoch int, loss, valLoss float64, metrics, valMetrics map[string]float64)
}

// resumer is a Display that can show a run continuing an earlier one.
type resumer interface {
	// Resume says that done steps of the plan ran before this run.
	Resume(done int)
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
			d.Start(p.Epochs, p.Steps, p.Iterations)
			if r, ok := d.(resumer); ok && p.Iteration > 0 {
				r.Resume(p.Iteration)
			}
		case StepEnd:
			d.Update(p.Epoch, p.Step, p.Loss)
		case EpochEnd:
			if md, ok := d.(MetricsDisplay); ok && (len(p.Metrics) > 0 || len(p.ValMetrics) > 0) {
				md.EndEpochMetrics(p.Epoch, p.Loss, p.ValLoss, p.Metrics, p.ValMetrics)
				break
			}
			d.EndEpoch(p.Epoch, p.Loss, p.ValLoss)
		case TrainEnd:
			d.Done()
		}
		return nil
	})
}
