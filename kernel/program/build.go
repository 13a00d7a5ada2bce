package program

import (
	"context"
	"errors"
	"os/exec"
	"regexp"
	"strconv"
	"strings"

	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/contract"
)

// buildFlags are the flags of every cell build. Stripping the symbol table
// and DWARF (-s -w) shortens the link, which dominates a warm build (about
// a quarter less time for a hello cell); tracebacks keep function names and
// lines (they come from pclntab). The session module is in no repository,
// so there is no version control information to stamp.
var buildFlags = []string{"-ldflags=-s -w", "-buildvcs=false"}

// build compiles the session module into binary bin. A failed build
// returns the compiler's output as a list mapped through pos.
func (s *Session) build(ctx context.Context, pos posMap, bin string) *contract.Error {
	args := append([]string{"build", "-o", bin}, buildFlags...)
	out, err := cell.RunTool(ctx, s.dir, s.buildEnv, s.goBin, append(args, ".")...)
	if ctx.Err() != nil {
		return interrupted("the build was interrupted")
	}
	if err == nil {
		return nil
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return &contract.Error{Name: "BuildError", Value: err.Error()}
	}
	return compileErrors(string(out), pos)
}

// compilerLine matches "./main.go:12:5: message" (column optional).
var compilerLine = regexp.MustCompile(`^(?:\./)?([^\s:]+\.go):(\d+)(?::(\d+))?: (.*)$`)

// compileErrors maps the output of a failed go build to cell positions.
// Lines it cannot place (link errors, module errors) are kept as they are.
func compileErrors(out string, pos posMap) *contract.Error {
	var errs cell.CellErrors
	var other []string
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if strings.HasPrefix(line, "# ") || line == "" {
			continue
		}
		m := compilerLine.FindStringSubmatch(line)
		if m == nil {
			if strings.HasPrefix(line, "\t") && len(errs) > 0 {
				errs[len(errs)-1].Detail = append(errs[len(errs)-1].Detail, line)
				continue
			}
			other = append(other, line)
			continue
		}
		ln, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		p, ok := cell.Pos{}, false
		if m[1] == "main.go" {
			p, ok = pos.cellPos(ln, col)
		}
		if !ok {
			other = append(other, line)
			continue
		}
		errs = append(errs, cell.CellError{Cell: p.Cell, Line: p.Line, Col: p.Col, Msg: m[4]})
	}
	if len(errs) == 0 {
		if len(other) == 0 {
			other = []string{"go build failed without output"}
		}
		return &contract.Error{Name: "CompileError", Value: other[0], Traceback: other}
	}
	errs.Sort()
	e := errs.Report()
	e.Traceback = append(e.Traceback, other...)
	return e
}

// interrupted is the error of an interrupted cell.
func interrupted(msg string) *contract.Error {
	return contract.NewError("Interrupted", msg)
}
