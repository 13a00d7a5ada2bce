package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/nnbook/nnbook/kernel/cell"
)

// warm builds, with goCmd, a program that imports what cells import (gonum,
// gonum/plot, gonbui, nnkit) the way the kernel builds cells, so that the
// first cell of a notebook finds them in the build cache.
func warm(ctx context.Context, source, goCmd string) error {
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return cell.WarmCache(ctx, cell.Config{ProjectDir: source, Go: goCmd, Logger: logger})
}
