package model

import (
	"fmt"
	"time"

	"github.com/nnbook/nnbook/nnkit"
)

// Event is a point in training at which Fit calls the callbacks.
type Event int

const (
	// TrainBegin comes once, before the first step.
	TrainBegin Event = iota
	// EpochBegin comes before the first step of every epoch.
	EpochBegin
	// StepBegin comes before every step (before the batch is drawn).
	StepBegin
	// StepEnd comes after every optimizer step; Progress.Loss is the
	// step's batch loss.
	StepEnd
	// EpochEnd comes after every epoch's validation; Progress.Loss,
	// ValLoss, Metrics and ValMetrics describe the epoch.
	EpochEnd
	// TrainEnd comes once when training ends for any reason, interrupt and
	// divergence included.
	TrainEnd
)

// String returns the event's name, e.g. "EpochEnd".
func (e Event) String() string {
	switch e {
	case TrainBegin:
		return "TrainBegin"
	case EpochBegin:
		return "EpochBegin"
	case StepBegin:
		return "StepBegin"
	case StepEnd:
		return "StepEnd"
	case EpochEnd:
		return "EpochEnd"
	case TrainEnd:
		return "TrainEnd"
	}
	return fmt.Sprintf("Event(%d)", int(e))
}

// Progress is where training stands. Fit passes the same *Progress to every
// callback call and updates it in place, so a callback must copy what it
// wants to keep. A live display typically redraws a progress bar on StepEnd
// (Epoch/Epochs, Step/Steps, Loss, Elapsed) and a loss curve on EpochEnd
// (History).
type Progress struct {
	// Epoch is the current epoch, from 1; Epochs the planned number (0
	// when only Iterations limits training).
	Epoch, Epochs int
	// Step is the step within the epoch, from 1 (0 before the first);
	// Steps the number of steps per epoch.
	Step, Steps int
	// Iteration counts the steps completed since training began;
	// Iterations is the planned total, 0 when only Epochs limits training.
	Iteration, Iterations int
	// Loss is the batch loss at StepEnd and the epoch's mean loss at
	// EpochEnd.
	Loss float64
	// Metrics are the epoch's training metrics at EpochEnd.
	Metrics map[string]float64
	// ValLoss is the validation loss at EpochEnd, NaN without validation
	// data.
	ValLoss float64
	// ValMetrics are the validation metrics at EpochEnd.
	ValMetrics map[string]float64
	// LearningRate is the learning rate last set by a scheduler, NaN when
	// none has set one. A callback that sets the optimizer's rate records
	// it here.
	LearningRate float64
	// Elapsed is the time since Fit started.
	Elapsed time.Duration
	// Net, Params and Optimizer are what is being trained.
	Net       nnkit.Layer
	Params    []*nnkit.Param
	Optimizer nnkit.Optimizer
	// History is the history so far.
	History *History
	// Err is set at TrainEnd when training ended before its plan: an
	// *InterruptedError, a *nnkit.DivergenceError or a callback's error.
	// It is nil when training ran to the end or a callback set Stop.
	Err error
	// Stop, set by a callback, ends training cleanly after the current
	// event: at StepEnd after this step's record, at EpochEnd after this
	// epoch.
	Stop bool
}

// Callback is called by Fit at every Event. A returned error stops training
// at once and Fit returns it.
type Callback interface {
	OnEvent(e Event, p *Progress) error
}

// CallbackFunc adapts a function to a Callback.
type CallbackFunc func(e Event, p *Progress) error

// OnEvent returns f(e, p).
func (f CallbackFunc) OnEvent(e Event, p *Progress) error { return f(e, p) }
