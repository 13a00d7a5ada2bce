package cell

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/nnbook/nnbook/kernel/contract"
)

// frameFile matches the file line of a stack frame: "\t/dir/main.go:12 +0x1d".
var frameFile = regexp.MustCompile(`^\t(.*):(\d+)(?: \+0x[0-9a-f]+)?$`)

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
	e := &contract.Error{Name: name, Value: msg, Traceback: []string{ansiRed + name + ansiReset + ": " + msg, ""}}
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
// panic machinery are dropped.
func mapStack(stack, mainPath string, pos posMap) []string {
	lines := strings.Split(strings.TrimRight(stack, "\n"), "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if i+1 < len(lines) {
			if m := frameFile.FindStringSubmatch(lines[i+1]); m != nil && !strings.HasPrefix(l, "\t") {
				fn, file := l, m[1]
				i++
				switch {
				case strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "panic("):
					continue
				case strings.HasSuffix(file, harnessFile):
					continue
				case file == mainPath:
					n, _ := strconv.Atoi(m[2])
					p, ok := pos.cellPos(n, 0)
					if !ok {
						continue
					}
					out = append(out, userFunc(fn), "\t"+ansiRed+p.String()+ansiReset)
				default:
					out = append(out, fn, lines[i])
				}
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

// userFunc shows the generated names of a frame's function in the user's
// terms: the cell's statements run in "main.main.func1", a cell's func main
// is mainName.
func userFunc(fn string) string {
	fn = strings.Replace(fn, "main.main.func1", "main.cell", 1)
	return strings.Replace(fn, "main."+mainName+"(", "main.main(", 1)
}
