package cell

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/modfile"
)

// Session runs cells GoNB-style: every cell becomes one fresh program in
// the session's module, built with the normal toolchain and run. The
// declarations of the cells (func, method, type, const, var, import) are
// remembered by name and compiled into every later program, a new
// definition replacing the old; the variables of top-level statements live
// for one cell only.
//
// Execute must not be called concurrently with itself; Complete, Inspect
// and IsComplete may be called at any time.
type Session struct {
	cfg      Config
	log      *slog.Logger
	goBin    string
	dir      string // the session module, removed by Close
	buildEnv []string
	runEnv   []string
	// reportPath is the file a program reports panics to.
	reportPath string
	index      *index

	// mu guards decls.
	mu    sync.Mutex
	decls *table
}

// NewSession creates the session module in a new private temporary
// directory: its go.mod requires the project at cfg.ProjectDir (when set)
// through a replace directive, and the project's go.sum is copied, so that
// builds resolve the project's pinned modules without network access.
func NewSession(cfg Config) (*Session, error) {
	goBin, env, err := cfg.toolchain(context.Background())
	if err != nil {
		return nil, err
	}
	gomod, gosum, err := sessionModule(cfg.ProjectDir, env)
	if err != nil {
		return nil, err
	}
	if cfg.Modules != nil {
		gomod, gosum = cfg.Modules.ModFile("nnbook.cell", env.GOVERSION), cfg.Modules.GoSum
	}
	dir, err := os.MkdirTemp("", "nnbook-session-")
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
		goBin:      goBin,
		dir:        dir,
		buildEnv:   cfg.buildEnv(env),
		runEnv:     cfg.runEnv(),
		reportPath: filepath.Join(dir, "report"),
		index:      newIndex(env.GOROOT, env.GOMODCACHE, cfg.ProjectDir),
		decls:      &table{},
	}
	s.log.Info("cell session created", "dir", dir, "go", env.GOVERSION, "project", cfg.ProjectDir)
	return s, nil
}

// sessionModule returns the go.mod and go.sum of a session.
func sessionModule(projectDir string, env goEnv) (gomod, gosum []byte, err error) {
	goVersion := strings.TrimPrefix(env.GOVERSION, "go")
	if projectDir == "" {
		return fmt.Appendf(nil, "module nnbook.cell\n\ngo %s\n", goVersion), nil, nil
	}
	abs, err := filepath.Abs(projectDir)
	if err != nil {
		return nil, nil, fmt.Errorf("cell: project directory %q: %w", projectDir, err)
	}
	data, err := os.ReadFile(filepath.Join(abs, "go.mod"))
	if err != nil {
		return nil, nil, fmt.Errorf("cell: read the project's go.mod (is %q the nnbook source tree?): %w", projectDir, err)
	}
	mf, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil || mf.Module == nil {
		return nil, nil, fmt.Errorf("cell: parse %s: no module line or %v", filepath.Join(abs, "go.mod"), err)
	}
	if mf.Go != nil {
		goVersion = mf.Go.Version
	}
	mod := mf.Module.Mod.Path
	gomod = fmt.Appendf(nil, "module nnbook.cell\n\ngo %s\n\nrequire %s v0.0.0\n\nreplace %s => %s\n",
		goVersion, mod, mod, modfile.AutoQuote(abs))
	gosum, err = os.ReadFile(filepath.Join(abs, "go.sum"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("cell: read the project's go.sum: %w", err)
	}
	return gomod, gosum, nil
}

// Execute runs one cell: it parses the cell, composes main.go from the
// remembered declarations and the cell, builds it and, when the cell has
// statements, a %% line or a func main, runs it with its output streamed
// to out. The cell's declarations are remembered once the build succeeds.
func (s *Session) Execute(ctx context.Context, req Request, out Output) Result {
	start := time.Now()
	decls := s.snapshot()
	pc, err := parseCell(req.Code, req.ExecutionCount)
	if err != nil {
		return Result{Err: asError(err)}
	}
	if len(pc.decls) == 0 && !pc.runs {
		return Result{} // nothing but blank lines and comments
	}
	merged := decls.merge(pc.decls, func(d *decl) string { return importName(d, s.index) })
	prog := compose(merged, pc, req.ExecutionCount, s.index)
	composed := time.Since(start)
	if err := os.WriteFile(filepath.Join(s.dir, "main.go"), prog.src, 0o600); err != nil {
		return Result{Err: &Error{Name: "BuildError", Value: fmt.Sprintf("cell: write main.go: %v", err)}}
	}
	bin := filepath.Join(s.dir, "cell")
	if e := s.resolveImports(ctx, prog.src, out); e != nil {
		return Result{Err: e}
	}
	if e := s.build(ctx, prog.pos, bin); e != nil {
		s.log.Info("cell build failed", "cell", req.ExecutionCount, "compose", composed, "total", time.Since(start), "error", e.Value)
		return Result{Err: e}
	}
	built := time.Since(start)
	s.mu.Lock()
	s.decls = merged.merge(prog.added, func(d *decl) string { return importName(d, s.index) })
	s.mu.Unlock()
	if !pc.runs {
		s.log.Info("cell built", "cell", req.ExecutionCount, "compose", composed, "build", built-composed)
		return Result{}
	}
	e := s.run(ctx, req, bin, pc.args, prog.pos, out)
	s.log.Info("cell ran", "cell", req.ExecutionCount, "compose", composed, "build", built-composed, "run", time.Since(start)-built)
	if e != nil {
		return Result{Err: e}
	}
	return Result{}
}

// asError converts an error of this package into a Result error.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Name: "Error", Value: err.Error()}
}

// Close removes the session module. The kernel calls it on shutdown, after
// the last Execute has returned.
func (s *Session) Close() error {
	if err := os.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("cell: remove session directory: %w", err)
	}
	return nil
}
