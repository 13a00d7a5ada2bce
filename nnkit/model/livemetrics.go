package model

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

// start starts d with the whole plan and, when Fit continues a History,
// tells a resumer how many steps ran before.
func start(d Display, p *Progress) {
	d.Start(p.Epochs, p.Steps, p.Iterations)
	if r, ok := d.(resumer); ok && p.Iteration > 0 {
		r.Resume(p.Iteration)
	}
}

// endEpoch reports a finished epoch to d, with its metrics when d is a
// MetricsDisplay and there are any.
func endEpoch(d Display, p *Progress) {
	if md, ok := d.(MetricsDisplay); ok && (len(p.Metrics) > 0 || len(p.ValMetrics) > 0) {
		md.EndEpochMetrics(p.Epoch, p.Loss, p.ValLoss, p.Metrics, p.ValMetrics)
		return
	}
	d.EndEpoch(p.Epoch, p.Loss, p.ValLoss)
}
