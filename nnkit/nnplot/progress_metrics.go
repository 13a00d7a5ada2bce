package nnplot

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// epochMetrics is what Progress shows of the metrics of the last finished
// epoch, and where a continued run started.
type epochMetrics struct {
	metrics, valMetrics map[string]float64 // of the last finished epoch
	before              int                // steps of the plan done before Start (Resume)
}

// EndEpochMetrics is EndEpoch with the epoch's training and validation
// metrics (nil without), which the bar then shows after the losses, sorted
// by name, validation metrics prefixed "val_":
//
//	epoch 3/10 […]  step 50/50  loss 0.2345  val 0.2567  accuracy 0.9312  val_accuracy 0.9188  …
//
// model.Live calls it when the training loop records metrics.
func (p *Progress) EndEpochMetrics(epoch int, loss, valLoss float64, metrics, valMetrics map[string]float64) {
	p.metrics, p.valMetrics = maps.Clone(metrics), maps.Clone(valMetrics)
	p.EndEpoch(epoch, loss, valLoss)
}

// Resume says that done steps of the plan given to Start ran before this
// run (a training run continued from an earlier one): the bar, the
// percentage and the epoch start from there, while the speed and the time
// left count the steps of this run only. Call it right after Start.
func (p *Progress) Resume(done int) {
	p.before = max(done, 0)
	if p.plan.steps > 0 {
		p.epoch = p.before / p.plan.steps
	}
	p.draw(false)
}

// writeMetrics appends the metrics of the last finished epoch to a line.
func (m *epochMetrics) writeMetrics(b *strings.Builder) {
	for _, set := range []struct {
		prefix string
		values map[string]float64
	}{{"", m.metrics}, {"val_", m.valMetrics}} {
		for _, name := range slices.Sorted(maps.Keys(set.values)) {
			fmt.Fprintf(b, "  %s%s %.4g", set.prefix, name, set.values[name])
		}
	}
}
