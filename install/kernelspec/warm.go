package kernelspec

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/nnbook/nnbook/kernel/live"
	"github.com/nnbook/nnbook/kernel/modules"
	"github.com/nnbook/nnbook/kernel/program"
)

// Warm fills the build cache with what cells import (gonum, gonum/plot,
// gonbui, nnkit from src), built with goCmd the two ways the kernel builds
// cells: as programs (the fallback executor) and as Go plugins in the live
// executor's session module (compiled with -dynlink, a separate set of
// cache entries), and keeps the live executor's worker and the listing of
// those packages in nnbook's worker cache (see [live.EnvCache]). A new
// session then builds no worker, and the first cell of a notebook
// compiles only itself.
// Where plugins cannot work, only the first is warmed and w says so.
func Warm(ctx context.Context, src *modules.Source, goCmd string, w io.Writer) error {
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if err := program.WarmCache(ctx, program.Config{ProjectDir: src.Dir, Modules: src, Go: goCmd, Logger: logger}); err != nil {
		return err
	}
	err := live.WarmCache(ctx, live.Config{ProjectDir: src.Dir, Modules: src, Go: goCmd, Logger: logger})
	if errors.Is(err, live.ErrNoPlugins) {
		fmt.Fprintf(w, "not warming the live executor's plugin builds: %v; the kernel runs each cell as a program\n", err)
		return nil
	}
	return err
}
