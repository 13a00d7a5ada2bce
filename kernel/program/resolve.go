package program

import (
	"context"
	"go/parser"
	"go/token"
	"strconv"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/modules"
)

// resolveImports adds to the session module, with s.cfg.Resolver, the
// modules that provide imports of the composed program src which the
// session lacks; the go command's progress goes to the cell's stderr.
func (s *Session) resolveImports(ctx context.Context, src []byte, out contract.Sink) *contract.Error {
	if s.cfg.Resolver == nil {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", src, parser.ImportsOnly)
	if err != nil {
		return nil // the build reports it, at the cell's line
	}
	var paths []string
	for _, spec := range f.Imports {
		if p, err := strconv.Unquote(spec.Path.Value); err == nil {
			paths = append(paths, p)
		}
	}
	err = s.cfg.Resolver.Ensure(modules.WithProgress(ctx, contract.StreamWriter(out, "stderr")), s.dir, paths)
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return interrupted(err.Error())
	}
	return contract.NewError("ModuleError", err.Error())
}
