package main

import (
	"context"
	"log/slog"

	"github.com/nnbook/nnbook/kernel/contract"
	ipynb "github.com/nnbook/nnbook/kernel/notebook"
)

// moduleLister is an executor that can list its session's modules.
type moduleLister interface {
	ModuleList(ctx context.Context) ([]string, error)
}

// recordModules writes the modules the notebook ran with (path@version,
// as go list -m all resolved them, `%go get` pins included) into the
// notebook's metadata, under nnbook.modules, so that a lecture notebook
// records what it needs to be rerun the same way.
func recordModules(ctx context.Context, ex contract.Executor, nb *ipynb.Notebook, logger *slog.Logger) {
	ml, ok := ex.(moduleLister)
	if !ok {
		return
	}
	mods, err := ml.ModuleList(ctx)
	if err != nil {
		logger.Warn("cannot record the session's modules", "err", err)
		return
	}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	meta, _ := nb.Metadata["nnbook"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
	}
	list := make([]any, len(mods))
	for i, m := range mods {
		list[i] = m
	}
	meta["modules"] = list
	nb.Metadata["nnbook"] = meta
}
