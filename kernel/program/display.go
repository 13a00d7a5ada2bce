package program

import (
	"context"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/display"
)

// startDisplay creates the pipes of one program run of req: its stdin,
// stdout and stderr and gonbui's display pipes, which deliver to out. The
// end of stderr is also kept in tail.
func (s *Session) startDisplay(ctx context.Context, req contract.Request, out contract.Sink, tail *tailBuffer) (*display.Pipes, error) {
	return display.Start(ctx, display.Config{
		Dir:    s.dir,
		Scope:  req.MsgID,
		TmpDir: s.dir,
		Sink:   tailSink{out, tail},
		Logger: s.log,
	})
}

// tailSink passes everything to its Sink and keeps the end of stderr.
type tailSink struct {
	contract.Sink
	tail *tailBuffer
}

func (t tailSink) Stream(name string, p []byte) {
	if name == "stderr" {
		t.tail.Write(p)
	}
	t.Sink.Stream(name, p)
}
