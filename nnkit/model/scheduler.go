package model

import (
	"fmt"
	"math"

	"github.com/nnbook/nnbook/nnkit"
)

var _ Callback = (*LearningRateScheduler)(nil)

// Interval says how often a LearningRateScheduler sets the learning rate.
type Interval int

const (
	// PerEpoch sets η = Schedule.LearningRate(e) before epoch e (from 0).
	PerEpoch Interval = iota
	// PerIteration sets η = Schedule.LearningRate(t) before iteration t
	// (from 0).
	PerIteration
)

// LearningRateScheduler sets the optimizer's learning rate from a Schedule
// during training:
//
//	η ← Schedule.LearningRate(e)   before every epoch e = 0, 1, …   (Every = PerEpoch)
//	η ← Schedule.LearningRate(t)   before every step t = 0, 1, …    (Every = PerIteration)
//
// The optimizer must implement nnkit.LearningRateSetter; Fit fails before
// training otherwise. The rate it sets is recorded in the History. It takes
// precedence over a rate set by hand on the optimizer (opt.LearningRate =
// 0.01 between two Fit calls): the next epoch or step overwrites it. To go
// on at a hand-set rate, train without the scheduler; to go on along the
// schedule, continue the History (FitConfig.History), and the schedule
// carries on from the epoch where the last call stopped.
//
// A schedule that reacts to the loss, such as schedule.ReduceOnPlateau, has
// an Observe(loss float64) method; the scheduler calls it after every epoch
// with the validation loss, or the training loss when there is no
// validation data.
type LearningRateScheduler struct {
	// Schedule gives the learning rate.
	Schedule nnkit.Schedule
	// Every is PerEpoch or PerIteration. Default: PerEpoch.
	Every Interval
}

// NewLearningRateScheduler returns a scheduler that sets the rate from s
// before every epoch.
func NewLearningRateScheduler(s nnkit.Schedule) *LearningRateScheduler {
	return &LearningRateScheduler{Schedule: s}
}

// OnEvent sets the learning rate at EpochBegin or StepBegin.
func (l *LearningRateScheduler) OnEvent(e Event, p *Progress) error {
	var t int
	switch {
	case e == TrainBegin:
		if _, ok := p.Optimizer.(nnkit.LearningRateSetter); !ok {
			return fmt.Errorf("nnkit/model: LearningRateScheduler: optimizer %v cannot change its learning rate (no SetLearningRate method)", p.Optimizer)
		}
		return nil
	case e == EpochBegin && l.Every == PerEpoch:
		t = p.Epoch - 1
	case e == StepBegin && l.Every == PerIteration:
		t = p.Iteration
	case e == EpochEnd:
		if o, ok := l.Schedule.(observer); ok {
			loss := p.ValLoss
			if math.IsNaN(loss) {
				loss = p.Loss
			}
			o.Observe(loss)
		}
		return nil
	default:
		return nil
	}
	lr := l.Schedule.LearningRate(t)
	p.Optimizer.(nnkit.LearningRateSetter).SetLearningRate(lr)
	p.LearningRate = lr
	return nil
}

// observer is a schedule that adapts to the loss.
type observer interface{ Observe(loss float64) }

// Validate reports a missing schedule, an unknown interval, or the error of
// the schedule's own Validate method.
func (l *LearningRateScheduler) Validate() error {
	if l.Schedule == nil {
		return fmt.Errorf("nnkit/model: LearningRateScheduler has no Schedule")
	}
	if l.Every != PerEpoch && l.Every != PerIteration {
		return fmt.Errorf("nnkit/model: LearningRateScheduler: Every is %d, want PerEpoch or PerIteration", l.Every)
	}
	if v, ok := l.Schedule.(nnkit.Validator); ok {
		return v.Validate()
	}
	return nil
}

// String returns e.g. "LearningRateScheduler(per epoch)".
func (l *LearningRateScheduler) String() string {
	if l.Every == PerIteration {
		return "LearningRateScheduler(per iteration)"
	}
	return "LearningRateScheduler(per epoch)"
}
