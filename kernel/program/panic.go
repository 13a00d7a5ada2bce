package program

import (
	"path/filepath"
	"strings"

	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/contract"
)

// panicError turns the program's report into the cell's error: the panic
// message as Value, and the stack with frames in main.go mapped to cell
// lines and the frames of the harness, the runtime's panic machinery and
// the generated main dropped.
func panicError(report, dir string, pos posMap) *contract.Error {
	msg, stack := "", report
	if rest, ok := strings.CutPrefix(report, recoveredMark); ok {
		msg, stack, _ = strings.Cut(rest, "\x00")
		stack = dropPanicFrames(stack)
	} else {
		first, rest, _ := strings.Cut(report, "\n")
		msg = strings.TrimPrefix(first, "panic: ")
		stack = strings.TrimLeft(rest, "\n")
	}
	name := "panic"
	if strings.HasPrefix(msg, "fatal error: ") {
		name, msg = "fatal error", strings.TrimPrefix(msg, "fatal error: ")
	}
	e := contract.NewError(name, msg, "")
	e.Traceback = append(e.Traceback, mapStack(stack, filepath.Join(dir, "main.go"), pos)...)
	return e
}

// dropPanicFrames removes the frames above the panic call from a stack
// taken in the harness's deferred recover.
func dropPanicFrames(stack string) string {
	lines := strings.Split(stack, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") && i+2 <= len(lines) {
			return lines[0] + "\n" + strings.Join(lines[i+2:], "\n")
		}
	}
	return stack
}

// mapStack rewrites a goroutine dump: frames in mainPath get cell
// positions, frames of generated code, of the harness and of the runtime's
// panic machinery are dropped, library frames are folded (see [cell.MapStack]).
func mapStack(stack, mainPath string, pos posMap) []string {
	return cell.MapStack(stack, func(f cell.Frame) (cell.FrameRole, string, string) {
		switch {
		case strings.HasPrefix(f.Func, "runtime.") || strings.HasPrefix(f.Func, "panic("):
			return cell.FrameHidden, "", ""
		case strings.HasSuffix(f.File, harnessFile):
			return cell.FrameHidden, "", ""
		case f.File == mainPath:
			p, ok := pos.cellPos(f.Line, 0)
			if !ok {
				return cell.FrameHidden, "", ""
			}
			return cell.FrameCell, userFunc(f.Func), p.String()
		}
		return cell.FrameLibrary, "", ""
	}, false)
}

// userFunc shows the generated names of a frame's function in the user's
// terms: the cell's statements run in "main.main.func1", a cell's func main
// is mainName.
func userFunc(fn string) string {
	fn = strings.Replace(fn, "main.main.func1", "main.cell", 1)
	return strings.Replace(fn, "main."+mainName+"(", "main.main(", 1)
}
