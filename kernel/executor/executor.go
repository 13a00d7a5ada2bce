// Package executor chooses and starts the executor of a session: the live
// executor (package live) by default, the program executor (package cell)
// on request or where plugins cannot work.
package executor

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/live"
	"github.com/nnbook/nnbook/kernel/modules"
	"github.com/nnbook/nnbook/kernel/program"
)

// Executor names, the values of Config.Name ($NNBOOK_EXECUTOR).
const (
	// Live keeps values between cells: each cell is a Go plugin loaded
	// into one long-lived worker (the default).
	Live = "live"
	// Program runs each cell as a fresh program, remembering only
	// declarations (GoNB's model); it is also the fallback where plugins
	// cannot work.
	Program = "program"
)

var (
	_ contract.Executor = (*program.Session)(nil)
	_ contract.Executor = (*live.Session)(nil)
)

// Config chooses an executor.
type Config struct {
	// Name is Live or Program. Empty: Live.
	Name string
	// ProjectDir is the nnbook source tree cells import nnkit from
	// ($NNBOOK_SOURCE). Empty: the tree or module version the binary
	// recorded; see [modules.Find].
	ProjectDir string
	// Go is the path of the go command. Empty: "go" from PATH.
	Go string
	// Logger receives the executor's events. Nil: nothing is logged.
	Logger *slog.Logger
}

// New creates the executor cfg names. Where the live executor cannot work
// it falls back to the program executor and returns a notice that says
// so, for the user.
func New(cfg Config) (ex contract.Executor, notice string, err error) {
	projectDir, goBin, logger := cfg.ProjectDir, cfg.Go, cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	src, resolver, err := sessionModules(projectDir, goBin, logger)
	if err != nil {
		return nil, "", err
	}
	var mods *modules.Source
	if src != nil {
		projectDir, mods = src.Dir, src
	}
	switch name := cmp.Or(cfg.Name, Live); name {
	case Live:
		ls, lerr := live.NewSession(live.Config{ProjectDir: projectDir, Modules: mods, Resolver: resolver, Go: goBin, Logger: logger})
		if lerr == nil {
			return ls, "", nil
		}
		if !errors.Is(lerr, live.ErrNoPlugins) {
			return nil, "", lerr
		}
		logger.Warn("live executor unavailable; each cell runs as a fresh program", "err", lerr)
		notice = fmt.Sprintf("nnbook: %v.\nEach cell runs as a fresh program: declarations carry over to later cells, variables do not.\n", lerr)
	case Program:
	default:
		return nil, "", fmt.Errorf("executor: %q: want %q or %q", name, Live, Program)
	}
	cs, err := program.NewSession(program.Config{ProjectDir: projectDir, Modules: mods, Resolver: resolver, Go: goBin, Logger: logger})
	if err != nil {
		return nil, "", err
	}
	return cs, notice, nil
}

// Pending is an Executor that is still being created: the live
// executor builds its worker when it starts, and the kernel must answer
// kernel_info at once, since Jupyter waits for it. Cells wait until the
// executor is ready; completion and inspection answer nothing until then.
type Pending struct {
	ready chan struct{} // closed when ex, notice and err are set
	ex    contract.Executor
	err   error

	mu     sync.Mutex // mu guards notice
	notice string     // said once, on the first cell's stderr
}

// Start begins creating the executor of cfg in the background.
func Start(cfg Config) *Pending {
	p := &Pending{ready: make(chan struct{})}
	go func() {
		defer close(p.ready)
		p.ex, p.notice, p.err = New(cfg)
	}()
	return p
}

// get returns the executor once it is ready, or nil when it is not yet
// and wait is false.
func (p *Pending) get(ctx context.Context, wait bool) (contract.Executor, error) {
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

func (p *Pending) Execute(ctx context.Context, req contract.Request, out contract.Sink) contract.Result {
	ex, err := p.get(ctx, true)
	if errors.Is(err, context.Canceled) {
		return contract.Fail("Interrupted", "interrupted while the kernel was starting")
	}
	if err != nil {
		return contract.Fail("KernelError", fmt.Sprintf("the kernel could not start its executor: %v", err))
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

func (p *Pending) Complete(code string, cursor int) contract.Completion {
	if ex, _ := p.get(context.Background(), false); ex != nil {
		return ex.Complete(code, cursor)
	}
	return contract.Completion{Start: cursor, End: cursor}
}

func (p *Pending) Inspect(code string, cursor, detailLevel int) (map[string]any, bool) {
	if ex, _ := p.get(context.Background(), false); ex != nil {
		return ex.Inspect(code, cursor, detailLevel)
	}
	return nil, false
}

// IsComplete depends on the code alone: it is answered before the
// executor is ready too.
func (p *Pending) IsComplete(code string) (string, string) {
	return cell.IsComplete(code)
}

// Close waits for the executor and closes it.
func (p *Pending) Close() error {
	<-p.ready
	if p.ex == nil {
		return nil
	}
	return p.ex.Close()
}
