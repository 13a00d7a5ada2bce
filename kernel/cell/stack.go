package cell

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/nnbook/nnbook/kernel/contract"
)

// frameFile matches the file line of a stack frame: "\t/dir/main.go:12 +0x1d".
var frameFile = regexp.MustCompile(`^\t(.*):(\d+)(?: \+0x[0-9a-f]+)?$`)

// Frame is one frame of a goroutine dump.
type Frame struct {
	// Func is the function line as printed ("main.f(0x1, ...)").
	Func string
	// File and Line are where the frame stopped; At is its line as
	// printed ("\t/dir/f.go:12 +0x1d").
	File string
	Line int
	At   string
}

// Package returns the import path of the frame's function:
// "gonum.org/v1/gonum/mat" for "gonum.org/v1/gonum/mat.(*Dense).Mul(...)".
func (f Frame) Package() string {
	fn := f.Func
	if i := strings.IndexByte(fn, '('); i > 0 && fn[i-1] != '.' {
		fn = fn[:i] // the arguments
	}
	slash := strings.LastIndexByte(fn, '/')
	if i := strings.IndexByte(fn[slash+1:], '.'); i >= 0 {
		return fn[:slash+1+i]
	}
	return fn
}

// FrameRole says how a traceback shows a frame.
type FrameRole int

const (
	// FrameHidden frames are the executor's own (harness, generated
	// code, the runtime's panic machinery): never shown.
	FrameHidden FrameRole = iota
	// FrameCell frames run code a cell wrote: shown with cell positions.
	FrameCell
	// FrameLibrary frames run packages the cells import: folded per
	// package unless the full stack is asked for.
	FrameLibrary
)

// FrameMapper classifies a frame and, for a cell frame, gives its
// function and position as the user knows them ("main.cell",
// "cell[3]:2").
type FrameMapper func(f Frame) (role FrameRole, fn, pos string)

// MapStack renders the goroutine dump stack for a traceback: the cell's
// frames with cell positions, and, unless full, each run of library
// frames of one package folded into "… 9 frames in gonum.org/v1/gonum/mat".
// Lines that are not frames ("goroutine 1 [running]:") are kept.
func MapStack(stack string, mapFrame FrameMapper, full bool) []string {
	lines := strings.Split(strings.TrimRight(stack, "\n"), "\n")
	var out []string
	foldPkg, folded := "", 0
	fold := func() {
		if folded > 0 {
			out = append(out, foldLine(folded, foldPkg))
		}
		foldPkg, folded = "", 0
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		var m []string
		if i+1 < len(lines) && !strings.HasPrefix(l, "\t") {
			m = frameFile.FindStringSubmatch(lines[i+1])
		}
		if m == nil {
			fold()
			out = append(out, l)
			continue
		}
		i++
		n, _ := strconv.Atoi(m[2])
		f := Frame{Func: l, File: m[1], Line: n, At: lines[i]}
		role, fn, pos := mapFrame(f)
		switch {
		case role == FrameHidden:
		case role == FrameCell:
			fold()
			out = append(out, fn, "\t"+contract.Highlight(pos))
		case full:
			out = append(out, f.Func, f.At)
		default:
			if pkg := f.Package(); pkg != foldPkg {
				fold()
				foldPkg = pkg
			}
			folded++
		}
	}
	fold()
	return out
}

// foldLine is the line that stands for n library frames of pkg.
func foldLine(n int, pkg string) string {
	if n == 1 {
		return "… 1 frame in " + pkg
	}
	return fmt.Sprintf("… %d frames in %s", n, pkg)
}
