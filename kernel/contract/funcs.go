package contract

import (
	"bytes"
	"context"
	"io"
)

// SinkFuncs is a Sink made of functions, for adapters and tests; a nil
// function drops that kind of output, and without OnInput no input can
// be given.
type SinkFuncs struct {
	OnStream      func(name string, p []byte)
	OnDisplay     func(d Display)
	OnClearOutput func(wait bool)
	OnInput       func(ctx context.Context, prompt string, password bool) (string, error)
}

var _ Sink = (*SinkFuncs)(nil)

// Stream calls OnStream.
func (s *SinkFuncs) Stream(name string, p []byte) {
	if s.OnStream != nil {
		s.OnStream(name, p)
	}
}

// Display calls OnDisplay.
func (s *SinkFuncs) Display(d Display) {
	if s.OnDisplay != nil {
		s.OnDisplay(d)
	}
}

// ClearOutput calls OnClearOutput.
func (s *SinkFuncs) ClearOutput(wait bool) {
	if s.OnClearOutput != nil {
		s.OnClearOutput(wait)
	}
}

// ReadInput calls OnInput.
func (s *SinkFuncs) ReadInput(ctx context.Context, prompt string, password bool) (string, error) {
	if s.OnInput == nil {
		return "", errNoInput
	}
	return s.OnInput(ctx, prompt, password)
}

// StreamWriter returns an io.Writer whose writes go to stream name
// ("stdout" or "stderr") of out: for a command the cell starts, or progress
// a library writes.
func StreamWriter(out Sink, name string) io.Writer { return streamWriter{name, out} }

type streamWriter struct {
	name string
	out  Sink
}

func (w streamWriter) Write(p []byte) (int, error) {
	w.out.Stream(w.name, bytes.Clone(p))
	return len(p), nil
}
