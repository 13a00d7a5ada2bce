package model

import (
	"math"
	"time"
)

// History is what Fit records: one EpochRecord per epoch and one StepRecord
// per iteration (optimizer step).
type History struct {
	// Epochs holds one record per epoch, in order. An epoch cut short by
	// Iterations, an interrupt or a callback still gets its record.
	Epochs []EpochRecord
	// Steps holds one record per iteration, in order.
	Steps []StepRecord
	// ParamNames names the columns of StepRecord.GradNorms, when
	// FitConfig.RecordGradNorms is set.
	ParamNames []string
}

// EpochRecord summarises one epoch.
type EpochRecord struct {
	// Epoch counts from 1.
	Epoch int
	// Steps is the number of iterations in this epoch.
	Steps int
	// Loss is the mean training loss over the epoch's samples (each batch
	// weighted by its size), measured before each step's update.
	Loss float64
	// Metrics are the training metrics, averaged like Loss.
	Metrics map[string]float64
	// ValLoss is the loss on the validation data after the epoch, NaN
	// without validation data.
	ValLoss float64
	// ValMetrics are the metrics on the validation data; nil without it.
	ValMetrics map[string]float64
	// LearningRate is the rate a LearningRateScheduler set for the epoch's
	// last step, NaN without one.
	LearningRate float64
	// Elapsed is the time since Fit started, at the end of the epoch.
	Elapsed time.Duration
}

// StepRecord is one iteration.
type StepRecord struct {
	// Epoch counts from 1; Step counts within the epoch from 1; Iteration
	// counts from 1 over the whole run.
	Epoch, Step, Iteration int
	// Loss is the loss of the step's batch before the update.
	Loss float64
	// LearningRate is the rate a LearningRateScheduler set for this step,
	// NaN without one.
	LearningRate float64
	// GradNorms holds the Euclidean (Frobenius) norm ‖∂L/∂θ‖ of every
	// parameter's gradient, in the order of History.ParamNames, when
	// FitConfig.RecordGradNorms is set: for a Sequential, "0.W" is the
	// first layer's weights, so vanishing or exploding gradients show as
	// norms that shrink or grow towards the input.
	GradNorms []float64
}

// Loss returns the training loss of every epoch.
func (h *History) Loss() []float64 {
	return h.epochValues(func(e EpochRecord) float64 { return e.Loss })
}

// ValLoss returns the validation loss of every epoch (NaN without
// validation data).
func (h *History) ValLoss() []float64 {
	return h.epochValues(func(e EpochRecord) float64 { return e.ValLoss })
}

// Metric returns the training metric name of every epoch (NaN where it was
// not recorded).
func (h *History) Metric(name string) []float64 {
	return h.epochValues(func(e EpochRecord) float64 { return lookup(e.Metrics, name) })
}

// ValMetric returns the validation metric name of every epoch (NaN where it
// was not recorded).
func (h *History) ValMetric(name string) []float64 {
	return h.epochValues(func(e EpochRecord) float64 { return lookup(e.ValMetrics, name) })
}

// StepLoss returns the batch loss of every iteration.
func (h *History) StepLoss() []float64 {
	out := make([]float64, len(h.Steps))
	for i, s := range h.Steps {
		out[i] = s.Loss
	}
	return out
}

func (h *History) epochValues(f func(EpochRecord) float64) []float64 {
	out := make([]float64, len(h.Epochs))
	for i, e := range h.Epochs {
		out[i] = f(e)
	}
	return out
}

func lookup(m map[string]float64, name string) float64 {
	if v, ok := m[name]; ok {
		return v
	}
	return math.NaN()
}
