package model

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

var _ Callback = (*EarlyStopping)(nil)

// EarlyStopping ends training when the monitored loss has not improved for
// Patience epochs, against overfitting:
//
//	improved at epoch e  ⇔  loss(e) < best − MinDelta
//	stop at epoch e      ⇔  no improvement in epochs e−Patience+1 … e
//
// It monitors the validation loss when Fit has validation data and the
// training loss otherwise. With RestoreBest it copies the parameters of the
// best epoch back at the end of training (also when training ends for
// another reason), so the model is the one that generalised best; buffers
// such as BatchNorm's running statistics are not restored. After Fit,
// BestEpoch, BestLoss and StoppedEpoch tell what happened.
type EarlyStopping struct {
	// Patience is the number of epochs without improvement to wait.
	Patience int
	// MinDelta is the smallest decrease that counts as an improvement.
	// Default: 0.
	MinDelta float64
	// RestoreBest restores the best epoch's parameters at the end.
	// Default: true (set by NewEarlyStopping).
	RestoreBest bool

	// BestEpoch is the epoch with the lowest monitored loss (from 1).
	BestEpoch int
	// BestLoss is that loss.
	BestLoss float64
	// StoppedEpoch is the epoch after which it stopped training, 0 if it
	// did not.
	StoppedEpoch int

	best []*mat.Dense // parameter values at BestEpoch
	wait int
}

// NewEarlyStopping returns early stopping with the given patience that
// restores the best parameters.
func NewEarlyStopping(patience int) *EarlyStopping {
	return &EarlyStopping{Patience: patience, RestoreBest: true}
}

// OnEvent tracks the monitored loss at EpochEnd and restores at TrainEnd.
func (s *EarlyStopping) OnEvent(e Event, p *Progress) error {
	switch e {
	case TrainBegin:
		s.BestEpoch, s.BestLoss, s.StoppedEpoch, s.wait = 0, math.Inf(1), 0, 0
	case EpochEnd:
		loss := p.ValLoss
		if math.IsNaN(loss) {
			loss = p.Loss
		}
		if loss < s.BestLoss-s.MinDelta {
			s.BestEpoch, s.BestLoss, s.wait = p.Epoch, loss, 0
			if s.RestoreBest {
				s.snapshot(p)
			}
			return nil
		}
		s.wait++
		if s.wait >= s.Patience {
			s.StoppedEpoch = p.Epoch
			p.Stop = true
		}
	case TrainEnd:
		if s.RestoreBest && s.best != nil && s.BestEpoch != p.Epoch {
			for i, prm := range p.Params {
				prm.Value.Copy(s.best[i])
			}
		}
	}
	return nil
}

func (s *EarlyStopping) snapshot(p *Progress) {
	if len(s.best) != len(p.Params) {
		s.best = make([]*mat.Dense, len(p.Params))
	}
	for i, prm := range p.Params {
		if s.best[i] == nil {
			s.best[i] = mat.DenseCopyOf(prm.Value)
		} else {
			s.best[i].Copy(prm.Value)
		}
	}
}

// Validate reports a negative patience or min delta.
func (s *EarlyStopping) Validate() error {
	if s.Patience < 0 || !(s.MinDelta >= 0) {
		return fmt.Errorf("nnkit/model: EarlyStopping needs Patience ≥ 0 and MinDelta ≥ 0, got %d and %v", s.Patience, s.MinDelta)
	}
	return nil
}

// String returns e.g. "EarlyStopping(patience=5, restore best)".
func (s *EarlyStopping) String() string {
	r := ""
	if s.RestoreBest {
		r = ", restore best"
	}
	return fmt.Sprintf("EarlyStopping(patience=%d%s)", s.Patience, r)
}
