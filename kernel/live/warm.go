package live

import (
	"context"
	"fmt"
)

// warmPackages are the packages a notebook's first cells are likely to
// import besides the project's: gonum's mat, gonum/plot and gonbui.
var warmPackages = []string{
	"gonum.org/v1/gonum/mat",
	"gonum.org/v1/plot",
	"gonum.org/v1/plot/plotter",
	"gonum.org/v1/plot/vg",
	"gonum.org/v1/plot/vg/draw",
	gonbuiPath,
}

// projectPatterns are the project's packages cells import: nnkit, the
// cell side of displays, the interrupt runtime every cell links and the
// BLAS backend the first cell that can run BLAS links (blas.go).
var projectPatterns = []string{
	"github.com/nnbook/nnbook/nnkit/...",
	"github.com/nnbook/nnbook/kernel/display/show",
	interruptPath,
	backendPath,
}

// WarmCache fills the build cache with what a session's first cells need,
// built as sessions build them: it creates a [Session] for cfg (which
// builds the worker and keeps it in the worker cache, see [EnvCache], so
// that later sessions build none) and lists the plugin-mode archives of
// gonum's mat, gonum/plot, gonbui and, with cfg.ProjectDir, nnkit and
// kernel/display/show, with their dependencies, exactly as a cell that
// imports them does. A first cell that imports gonum/plot then compiles
// and links only itself; the listing is kept in the worker cache too, so
// that sessions find those archives without running go list. Without
// cfg.ProjectDir only the standard library is warmed. Where plugins
// cannot work the error wraps [ErrNoPlugins].
func WarmCache(ctx context.Context, cfg Config) error {
	s, err := NewSession(cfg)
	if err != nil {
		return err
	}
	pkgs := []string{"fmt"}
	if cfg.ProjectDir != "" {
		pkgs = append(append(pkgs, warmPackages...), projectPatterns...)
	}
	e := s.exports
	e.mu.Lock()
	e.ctx = ctx
	err = e.list(pkgs...)
	e.ctx = nil
	e.mu.Unlock()
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("live: warm the build cache: interrupted: %w", ctx.Err())
		}
		return fmt.Errorf("live: warm the build cache: %w", err)
	}
	return nil
}
