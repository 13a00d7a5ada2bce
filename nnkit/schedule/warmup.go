package schedule

import (
	"errors"
	"fmt"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Schedule  = Warmup{}
	_ nnkit.Validator = Warmup{}
)

// Warmup raises the learning rate linearly for W epochs up to where another
// schedule starts, then hands over to that schedule, shifted by W epochs:
//
//	η(e) = η_next(0)·(f + (1 − f)·e/W)    for e < W
//	η(e) = η_next(e − W)                  for e ≥ W
//
// (fields Epochs for W, StartFactor for f, Next). Large learning rates,
// large batches and adaptive methods whose early second-moment estimates are
// noisy all train more stably after a warm-up (Goyal et al., 2017).
//
// This is PyTorch's LinearLR(start_factor=f, total_iters=W) followed by the
// next schedule in a SequentialLR with milestone W. Default (NewWarmup):
// f = 1/3, as LinearLR.
//
// Reference: P. Goyal et al., "Accurate, large minibatch SGD: training
// ImageNet in 1 hour", 2017, https://arxiv.org/abs/1706.02677 (section 2.2).
type Warmup struct {
	// Epochs is W, the length of the warm-up. At least 0; 0 means no
	// warm-up.
	Epochs int
	// StartFactor is f, the fraction of η_next(0) used at epoch 0, in
	// [0, 1]. Default: 1/3 (set by NewWarmup).
	StartFactor float64
	// Next is the schedule that follows, from its own epoch 0. Must not be
	// nil.
	Next nnkit.Schedule
}

// NewWarmup returns a warm-up over epochs epochs from a third of next's
// initial rate, followed by next.
func NewWarmup(epochs int, next nnkit.Schedule) Warmup {
	return Warmup{Epochs: epochs, StartFactor: 1.0 / 3, Next: next}
}

// LearningRate returns η(epoch).
func (w Warmup) LearningRate(epoch int) float64 {
	checkEpoch("Warmup", epoch)
	if w.Next == nil {
		nnkit.Panicf("nnkit/schedule: Warmup.LearningRate: Next is nil")
	}
	if epoch >= w.Epochs {
		return w.Next.LearningRate(epoch - w.Epochs)
	}
	f := w.StartFactor
	return w.Next.LearningRate(0) * (f + (1-f)*float64(epoch)/float64(w.Epochs))
}

// Validate reports a hyperparameter outside its range, or the error of Next
// when Next is an [nnkit.Validator].
func (w Warmup) Validate() error {
	if w.Next == nil {
		return errors.New("nnkit/schedule: Warmup: Next is nil; set the schedule that follows the warm-up")
	}
	var errs []error
	errs = append(errs, atLeast("Warmup", "epochs", w.Epochs, 0))
	if !(w.StartFactor >= 0 && w.StartFactor <= 1) {
		errs = append(errs, fmt.Errorf("nnkit/schedule: Warmup: start factor must be in [0, 1], got %v", w.StartFactor))
	}
	if v, ok := w.Next.(nnkit.Validator); ok {
		errs = append(errs, v.Validate())
	}
	return errors.Join(errs...)
}

// String prints the warm-up and the schedule that follows, e.g.
// "Warmup(W=5, f=0.333) → Cosine(η₀=0.1, η_min=0, T=95)".
func (w Warmup) String() string {
	return fmt.Sprintf("Warmup(W=%d, f=%.3g) → %v", w.Epochs, w.StartFactor, w.Next)
}
