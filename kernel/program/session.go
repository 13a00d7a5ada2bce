package program

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/tmproot"
)

// Session runs cells GoNB-style: every cell becomes one fresh program in
// the session's module, built with the normal toolchain and run. The
// declarations of the cells (func, method, type, const, var, import) are
// remembered by name and compiled into every later program, a new
// definition replacing the old; the variables of top-level statements live
// for one cell only.
//
// Execute must not be called concurrently with itself; Complete, Inspect
// and cell.IsComplete may be called at any time.
type Session struct {
	cfg      Config
	log      *slog.Logger
	goBin    string
	dir      string // the session module, removed by Close
	buildEnv []string
	runEnv   []string
	// reportPath is the file a program reports panics to.
	reportPath string
	index      *cell.ImportIndex

	// mu guards decls.
	mu    sync.Mutex
	decls *table

	// scope answers completion and inspection.
	scope scopeState
}

// NewSession creates the session module in a new private temporary
// directory: its go.mod requires the project at cfg.ProjectDir (when set)
// through a replace directive, and the project's go.sum is copied, so that
// builds resolve the project's pinned modules without network access.
func NewSession(cfg Config) (*Session, error) {
	tc, err := cell.FindToolchain(context.Background(), cfg.Go, cfg.Env)
	if err != nil {
		return nil, err
	}
	env := tc.Env
	gomod, gosum, err := tc.ModuleFiles("nnbook.cell", cfg.ProjectDir)
	if err != nil {
		return nil, err
	}
	if cfg.Modules != nil {
		gomod, gosum = cfg.Modules.ModFile("nnbook.cell", env.GOVERSION), cfg.Modules.GoSum
	}
	dir, err := tmproot.MkdirTemp("session-") // swept once its kernel is dead
	if err != nil {
		return nil, fmt.Errorf("cell: create session directory: %w", err)
	}
	files := map[string][]byte{
		"go.mod":    gomod,
		harnessFile: []byte(harnessSource),
	}
	if gosum != nil {
		files["go.sum"] = gosum
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("cell: write session %s: %w", name, err)
		}
	}
	s := &Session{
		cfg:        cfg,
		log:        cfg.logger(),
		goBin:      tc.Go,
		dir:        dir,
		buildEnv:   tc.BuildEnv(cfg.Env),
		runEnv:     cfg.runEnv(),
		reportPath: filepath.Join(dir, "report"),
		index:      cell.NewImportIndex(env.GOROOT, env.GOMODCACHE, cfg.ProjectDir),
		decls:      &table{},
	}
	s.log.Info("cell session created", "dir", dir, "go", env.GOVERSION, "project", cfg.ProjectDir)
	return s, nil
}

// Execute runs one cell: it parses the cell, composes main.go from the
// remembered declarations and the cell, builds it and, when the cell has
// statements, a %% line or a func main, runs it with its output streamed
// to out. The cell's declarations are remembered once the build succeeds.
func (s *Session) Execute(ctx context.Context, req contract.Request, out contract.Sink) contract.Result {
	start := time.Now()
	decls := s.snapshot()
	pc, err := parseCell(req.Code, req.ExecutionCount)
	if err != nil {
		return contract.Result{Err: contract.AsError(err)}
	}
	if len(pc.decls) == 0 && !pc.runs {
		return contract.Result{} // nothing but blank lines and comments
	}
	merged := decls.merge(pc.decls, func(d *decl) string { return importName(d, s.index) })
	prog := compose(merged, pc, req.ExecutionCount, s.index)
	composed := time.Since(start)
	if err := os.WriteFile(filepath.Join(s.dir, "main.go"), prog.src, 0o600); err != nil {
		return contract.Result{Err: &contract.Error{Name: "BuildError", Value: fmt.Sprintf("cell: write main.go: %v", err)}}
	}
	bin := filepath.Join(s.dir, "cell")
	if e := s.resolveImports(ctx, prog.src, out); e != nil {
		return contract.Result{Err: e}
	}
	if e := s.build(ctx, prog.pos, bin); e != nil {
		if hint := s.scopeSnapshot().DidYouMean(req.Code, e.Value); e.Name == "CompileError" && hint != "" {
			e.Traceback = append(e.Traceback, hint)
		}
		s.log.Info("cell build failed", "cell", req.ExecutionCount, "compose", composed, "total", time.Since(start), "error", e.Value)
		return contract.Result{Err: e}
	}
	built := time.Since(start)
	s.mu.Lock()
	s.decls = merged.merge(prog.added, func(d *decl) string { return importName(d, s.index) })
	s.mu.Unlock()
	go s.scopeSnapshot() // check the new declarations before completion asks
	if !pc.runs {
		s.log.Info("cell built", "cell", req.ExecutionCount, "compose", composed, "build", built-composed)
		return contract.Result{}
	}
	e := s.run(ctx, req, bin, pc.args, prog.pos, out)
	s.log.Info("cell ran", "cell", req.ExecutionCount, "compose", composed, "build", built-composed, "run", time.Since(start)-built)
	if e != nil {
		return contract.Result{Err: e}
	}
	return contract.Result{}
}

// IsComplete reports whether code is ready to run; see [cell.IsComplete].
func (s *Session) IsComplete(code string) (status, indent string) {
	return cell.IsComplete(code)
}

// Packages returns the import index of the session, which resolves the
// cells' automatic imports.
func (s *Session) Packages() *cell.ImportIndex { return s.index }

// snapshot returns the current declarations.
func (s *Session) snapshot() *table {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.decls
}

// Close removes the session module. The kernel calls it on shutdown, after
// the last Execute has returned.
func (s *Session) Close() error {
	if err := os.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("cell: remove session directory: %w", err)
	}
	return nil
}
