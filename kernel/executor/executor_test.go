//go:build unix

package executor

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
	"github.com/nnbook/nnbook/kernel/live"
)

// TestExecutorChoice checks which executor Config.Name and the
// toolchain select, and that the fallback tells the user once.
func TestExecutorChoice(t *testing.T) {
	if testing.Short() {
		t.Skip("starts executors; skipped with -short")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	tests := []struct {
		name       string
		executor   string
		cgo        string
		wantLive   bool
		wantNotice string
	}{
		{"default", "", "", true, ""},
		{"program", Program, "", false, ""},
		{"no cgo falls back", Live, "0", false, "Go plugins are not available"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.cgo != "" {
				t.Setenv("CGO_ENABLED", tt.cgo)
			}
			p := Start(Config{Name: tt.executor, ProjectDir: root, Logger: logger})
			t.Cleanup(func() {
				if err := p.Close(); err != nil {
					t.Error(err)
				}
			})
			ex, err := p.get(context.Background(), true)
			if err != nil {
				t.Fatal(err)
			}
			if _, isLive := ex.(*live.Session); isLive != tt.wantLive {
				t.Errorf("executor is %T, want live %v", ex, tt.wantLive)
			}
			for i := range 2 {
				var out contracttest.Recorder
				res := p.Execute(context.Background(), contract.Request{Code: `fmt.Println("hi")`, ExecutionCount: i + 1}, &out)
				if res.Err != nil {
					t.Fatalf("cell %d: %v", i+1, res.Err)
				}
				if out.Stdout() != "hi\n" {
					t.Errorf("cell %d printed %q, want hi", i+1, out.Stdout())
				}
				notice := out.Stderr()
				switch {
				case i == 0 && tt.wantNotice != "" && !strings.Contains(notice, tt.wantNotice):
					t.Errorf("first cell's stderr = %q, want a notice containing %q", notice, tt.wantNotice)
				case (i > 0 || tt.wantNotice == "") && notice != "":
					t.Errorf("cell %d's stderr = %q, want nothing", i+1, notice)
				}
			}
		})
	}
	t.Run("unknown", func(t *testing.T) {
		if _, _, err := New(Config{Name: "interpreter", ProjectDir: root, Logger: logger}); err == nil || !strings.Contains(err.Error(), `want "live" or "program"`) {
			t.Errorf("New with Name interpreter: err = %v, want one naming the choices", err)
		}
	})
}

var _ contract.Executor = (*Pending)(nil)

// TestPendingExecutorAnswersEarly checks the answers given while the
// executor is still starting: is_complete from the code alone, no
// completions, and a cell that waits until it is interrupted.
func TestPendingExecutorAnswersEarly(t *testing.T) {
	p := &Pending{ready: make(chan struct{})}
	if status, indent := p.IsComplete("func f() {"); status != "incomplete" || indent == "" {
		t.Errorf("IsComplete while starting = %q, %q; want incomplete with an indent", status, indent)
	}
	if m := p.Complete("fmt.Printl", 10).Matches; m != nil {
		t.Errorf("Complete while starting = %v, want none", m)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if res := p.Execute(ctx, contract.Request{Code: "1"}, contract.Discard); res.Err == nil || res.Err.Name != "Interrupted" {
		t.Errorf("Execute interrupted while starting: %+v, want an Interrupted error", res.Err)
	}
}
