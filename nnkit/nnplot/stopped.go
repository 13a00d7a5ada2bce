package nnplot

import (
	"context"
	"errors"
)

// Stopped ends the run like Done, for a run that ended early: the final
// line says "interrupted after" the time it ran when err is (or wraps) a
// cancelled context, as an interrupted training's error does, and
// "stopped after" it for any other error. It implements model.Stopper.
func (p *Progress) Stopped(err error) {
	if p.finished {
		return
	}
	p.stopped = "stopped"
	if errors.Is(err, context.Canceled) {
		p.stopped = "interrupted"
	}
	p.Done()
}
