package live

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/modules"
)

// goMagic runs `go args...` in the session module for a %go line, with
// its output on the cell's streams. When it changes go.mod or go.sum, the
// packages listed so far are forgotten, so the next cell compiles against
// the new versions; a package the worker already loaded that changed then
// restarts the worker, which says so.
func (s *Session) goMagic(ctx context.Context, args []string, out contract.Sink) *contract.Error {
	if len(args) == 0 {
		return magicError("%go needs arguments, e.g. %go get example.com/m@v1.2.3")
	}
	r := s.cfg.Resolver
	if r == nil {
		r = &modules.Resolver{Go: s.goBin, Env: s.cfg.Env}
	}
	before := s.moduleState()
	var err error
	if args[0] == "work" {
		err = s.workUse(ctx, r, args[1:], out)
	} else {
		c := r.Command(ctx, s.dir, args...)
		c.Stdout = contract.StreamWriter(out, "stdout")
		c.Stderr = contract.StreamWriter(out, "stderr")
		err = c.Run()
	}
	if !bytes.Equal(before, s.moduleState()) {
		if rerr := s.exports.reset(); rerr != nil && err == nil {
			err = rerr
		}
	}
	if ctx.Err() != nil {
		return magicError("%go " + strings.Join(args, " ") + ": interrupted")
	}
	if err != nil {
		return magicError("%go " + strings.Join(args, " ") + ": " + err.Error())
	}
	return nil
}

// workUse runs %go work use DIR...: the session is a module, not a
// workspace, so each DIR's module replaces its versions instead, which is
// what a workspace of the session and DIR would build.
func (s *Session) workUse(ctx context.Context, r *modules.Resolver, args []string, out contract.Sink) error {
	if len(args) < 2 || args[0] != "use" || strings.HasPrefix(args[1], "-") {
		return errors.New("the session is a module, not a workspace: only %go work use DIR... is supported (it replaces DIR's module), or use %go mod edit -replace M=DIR")
	}
	for _, dir := range args[1:] {
		path, err := r.UseDir(ctx, s.dir, dir)
		if err != nil {
			return err
		}
		out.Stream("stderr", []byte("using "+dir+" for "+path+" (a replace directive in the session's go.mod)\n"))
	}
	return nil
}

// moduleState returns the session's go.mod and go.sum, concatenated.
func (s *Session) moduleState() []byte {
	mod, _ := os.ReadFile(filepath.Join(s.dir, "go.mod"))
	sum, _ := os.ReadFile(filepath.Join(s.dir, "go.sum"))
	return append(mod, sum...)
}

// magicError is the error of a failed special line.
func magicError(msg string) *contract.Error {
	return contract.NewError("MagicError", msg)
}

// ModuleList returns the session's modules as path@version lines (see
// [modules.Resolver.List]), for the record of a notebook run.
func (s *Session) ModuleList(ctx context.Context) ([]string, error) {
	return modules.ListModules(ctx, s.cfg.Resolver, s.goBin, s.cfg.Env, s.dir)
}
