package cell

import (
	"context"

	"github.com/nnbook/nnbook/kernel/display"
)

// inputReader is implemented by the kernel's Output (kernel.InputReader):
// it asks the front end for a line of input.
type inputReader interface {
	ReadInput(ctx context.Context, prompt string, password bool) (string, error)
}

// outputClearer is implemented by Outputs that can clear the cell's output.
type outputClearer interface {
	ClearOutput(wait bool)
}

// startDisplay creates the pipes of one program run of req: its stdin,
// stdout and stderr and gonbui's display pipes, which deliver to out. The
// end of stderr is also kept in tail.
func (s *Session) startDisplay(ctx context.Context, req Request, out Output, tail *tailBuffer) (*display.Pipes, error) {
	cfg := display.Config{
		Dir:     s.dir,
		Scope:   req.MsgID,
		TmpDir:  s.dir,
		Display: func(d display.Data) { out.Display(Display(d)) },
		Stream: func(name string, p []byte) {
			if name == "stderr" {
				tail.Write(p)
			}
			out.Stream(name, p)
		},
		Logger: s.log,
	}
	if c, ok := out.(outputClearer); ok {
		cfg.ClearOutput = c.ClearOutput
	}
	if r, ok := out.(inputReader); ok {
		cfg.Input = r.ReadInput
	}
	return display.Start(ctx, cfg)
}
