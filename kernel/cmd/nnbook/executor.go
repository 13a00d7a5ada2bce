package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"github.com/nnbook/nnbook/kernel"
	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/live"
)

// Executor names, the values of $NNBOOK_EXECUTOR.
const (
	// executorLive keeps values between cells: each cell is a Go plugin
	// loaded into one long-lived worker (the default).
	executorLive = "live"
	// executorProgram runs each cell as a fresh program, remembering only
	// declarations (GoNB's model); it is also the fallback where plugins
	// cannot work.
	executorProgram = "program"
)

var (
	_ kernel.Executor = (*cell.Session)(nil)
	_ kernel.Executor = (*live.Session)(nil)
)

// newExecutor creates the executor $NNBOOK_EXECUTOR names, with the source
// tree projectDir. Where the live executor cannot work it falls back to the
// program executor and returns a notice that says so, for the user.
func newExecutor(projectDir string, logger *slog.Logger) (ex kernel.Executor, notice string, err error) {
	goBin := os.Getenv(EnvGo)
	src, resolver, err := sessionModules(projectDir, goBin, logger)
	if err != nil {
		return nil, "", err
	}
	if src != nil {
		projectDir = src.Dir
	}
	switch name := envOr(EnvExecutor, executorLive); name {
	case executorLive:
		ls, lerr := live.NewSession(live.Config{ProjectDir: projectDir, Modules: src, Resolver: resolver, Go: goBin, Logger: logger})
		if lerr == nil {
			return ls, "", nil
		}
		if !errors.Is(lerr, live.ErrNoPlugins) {
			return nil, "", lerr
		}
		logger.Warn("live executor unavailable; each cell runs as a fresh program", "err", lerr)
		notice = fmt.Sprintf("nnbook: %v.\nEach cell runs as a fresh program: declarations carry over to later cells, variables do not.\n", lerr)
	case executorProgram:
	default:
		return nil, "", fmt.Errorf("nnbook: %s=%q: want %q or %q", EnvExecutor, name, executorLive, executorProgram)
	}
	cs, err := cell.NewSession(cell.Config{ProjectDir: projectDir, Modules: src, Resolver: resolver, Go: goBin, Logger: logger})
	if err != nil {
		return nil, "", err
	}
	return cs, notice, nil
}

// pendingExecutor is an Executor that is still being created: the live
// executor builds its worker when it starts, and the kernel must answer
// kernel_info at once, since Jupyter waits for it. Cells wait until the
// executor is ready; completion and inspection answer nothing until then.
type pendingExecutor struct {
	ready chan struct{} // closed when ex, notice and err are set
	ex    kernel.Executor
	err   error

	mu     sync.Mutex // mu guards notice
	notice string     // said once, on the first cell's stderr
}

// startExecutor begins creating the executor in the background.
func startExecutor(projectDir string, logger *slog.Logger) *pendingExecutor {
	p := &pendingExecutor{ready: make(chan struct{})}
	go func() {
		defer close(p.ready)
		p.ex, p.notice, p.err = newExecutor(projectDir, logger)
	}()
	return p
}

// get returns the executor once it is ready, or nil when it is not yet
// and wait is false.
func (p *pendingExecutor) get(ctx context.Context, wait bool) (kernel.Executor, error) {
	if !wait {
		select {
		case <-p.ready:
		default:
			return nil, nil
		}
	}
	select {
	case <-p.ready:
		return p.ex, p.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (p *pendingExecutor) Execute(ctx context.Context, req cell.Request, out cell.Output) cell.Result {
	ex, err := p.get(ctx, true)
	if errors.Is(err, context.Canceled) {
		return cell.Result{Err: &cell.Error{Name: "Interrupted", Value: "interrupted while the kernel was starting", Traceback: []string{"interrupted while the kernel was starting"}}}
	}
	if err != nil {
		msg := fmt.Sprintf("the kernel could not start its executor: %v", err)
		return cell.Result{Err: &cell.Error{Name: "KernelError", Value: msg, Traceback: []string{msg}}}
	}
	p.mu.Lock()
	notice := p.notice
	p.notice = ""
	p.mu.Unlock()
	if notice != "" && !req.Silent {
		out.Stream("stderr", []byte(notice))
	}
	return ex.Execute(ctx, req, out)
}

func (p *pendingExecutor) Complete(code string, cursor int) ([]string, int, int) {
	if ex, _ := p.get(context.Background(), false); ex != nil {
		return ex.Complete(code, cursor)
	}
	return nil, cursor, cursor
}

func (p *pendingExecutor) Inspect(code string, cursor, detailLevel int) (map[string]any, bool) {
	if ex, _ := p.get(context.Background(), false); ex != nil {
		return ex.Inspect(code, cursor, detailLevel)
	}
	return nil, false
}

// IsComplete depends on the code alone: it is answered before the
// executor is ready too.
func (p *pendingExecutor) IsComplete(code string) (string, string) {
	return cell.IsComplete(code)
}

// Close waits for the executor and closes it.
func (p *pendingExecutor) Close() error {
	<-p.ready
	if p.ex == nil {
		return nil
	}
	return p.ex.Close()
}
