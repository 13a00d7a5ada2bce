package program

import (
	"context"

	"github.com/nnbook/nnbook/kernel/modules"
)

// ModuleList returns the session's modules as path@version lines (see
// [modules.Resolver.List]), for the record of a notebook run.
func (s *Session) ModuleList(ctx context.Context) ([]string, error) {
	r := s.cfg.Resolver
	if r == nil {
		r = &modules.Resolver{Go: s.goBin, Env: s.cfg.Env}
	}
	return r.List(ctx, s.dir)
}
