//go:build unix

package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/nnbook/nnbook/kernel"
	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/live"
)

// streams records what a cell printed.
type streams struct {
	mu     sync.Mutex
	stdout strings.Builder
	stderr strings.Builder
}

func (s *streams) Stream(name string, p []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if name == "stderr" {
		s.stderr.Write(p)
	} else {
		s.stdout.Write(p)
	}
}

func (s *streams) Display(cell.Display) {}

// TestExecutorChoice checks which executor $NNBOOK_EXECUTOR and the
// toolchain select, and that the fallback tells the user once.
func TestExecutorChoice(t *testing.T) {
	if testing.Short() {
		t.Skip("starts executors; skipped with -short")
	}
	root := repoRoot(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	tests := []struct {
		name       string
		executor   string
		cgo        string
		wantLive   bool
		wantNotice string
	}{
		{"default", "", "", true, ""},
		{"program", executorProgram, "", false, ""},
		{"no cgo falls back", executorLive, "0", false, "Go plugins are not available"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvExecutor, tt.executor)
			if tt.cgo != "" {
				t.Setenv("CGO_ENABLED", tt.cgo)
			}
			p := startExecutor(root, logger)
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
				var out streams
				res := p.Execute(context.Background(), cell.Request{Code: `fmt.Println("hi")`, ExecutionCount: i + 1}, &out)
				if res.Err != nil {
					t.Fatalf("cell %d: %v", i+1, res.Err)
				}
				if out.stdout.String() != "hi\n" {
					t.Errorf("cell %d printed %q, want hi", i+1, out.stdout.String())
				}
				notice := out.stderr.String()
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
		t.Setenv(EnvExecutor, "interpreter")
		if _, _, err := newExecutor(root, logger); err == nil || !strings.Contains(err.Error(), `want "live" or "program"`) {
			t.Errorf("newExecutor with %s=interpreter: err = %v, want one naming the choices", EnvExecutor, err)
		}
	})
}

var _ kernel.Executor = (*pendingExecutor)(nil)

// TestPendingExecutorAnswersEarly checks the answers given while the
// executor is still starting: is_complete from the code alone, no
// completions, and a cell that waits until it is interrupted.
func TestPendingExecutorAnswersEarly(t *testing.T) {
	p := &pendingExecutor{ready: make(chan struct{})}
	if status, indent := p.IsComplete("func f() {"); status != "incomplete" || indent == "" {
		t.Errorf("IsComplete while starting = %q, %q; want incomplete with an indent", status, indent)
	}
	if m, _, _ := p.Complete("fmt.Printl", 10); m != nil {
		t.Errorf("Complete while starting = %v, want none", m)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if res := p.Execute(ctx, cell.Request{Code: "1"}, &streams{}); res.Err == nil || res.Err.Name != "Interrupted" {
		t.Errorf("Execute interrupted while starting: %+v, want an Interrupted error", res.Err)
	}
}
