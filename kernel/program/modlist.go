package program

import (
	"context"

	"github.com/nnbook/nnbook/kernel/modules"
)

// ModuleList returns the session's modules as path@version lines (see
// [modules.Resolver.List]), for the record of a notebook run.
func (s *Session) ModuleList(ctx context.Context) ([]string, error) {
	return modules.ListModules(ctx, s.cfg.Resolver, s.goBin, s.cfg.Env, s.dir)
}
