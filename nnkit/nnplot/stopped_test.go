package nnplot_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/nnkit/nnplot"
)

// TestProgressStopped checks the final line of a run that ended early:
// "interrupted after" for a cancelled context, "stopped after" for another
// error, never "done in".
func TestProgressStopped(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("training interrupted: %w", context.Canceled), "interrupted after 0:03"},
		{errors.New("loss became NaN"), "stopped after 0:03"},
	} {
		var out bytes.Buffer
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		p := nnplot.NewProgress()
		p.Notebook, p.Writer, p.Clock = false, &out, func() time.Time { return now }
		p.Start(10, 4, 0)
		now = now.Add(3 * time.Second)
		p.Update(1, 1, 0.5)
		p.Stopped(tt.err)
		last := out.String()[strings.LastIndex(out.String(), "\r")+1:]
		if !strings.Contains(last, tt.want) || strings.Contains(last, "done") || !strings.HasSuffix(last, "\n") {
			t.Errorf("%v: final line %q, want it to say %q", tt.err, last, tt.want)
		}
	}
}
