package live

import (
	"context"
	"fmt"
	"go/types"
	"maps"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/nnbook/nnbook/kernel/contract"
)

// magicNames are the special lines magics runs, for completion.
var magicNames = []string{"%%", "%help", "%time", "%who", "%whos", "%ls", "%rm", "%reset", "%rerun", "%stack", "%blas"}

// helpText is what %help prints.
const helpText = `nnbook runs Go cells in one long-lived process: the variables, functions
and types a cell defines live on for the cells after it. Redefine a name
by running a cell that defines it again; the functions and types that use
it are rebuilt with it.

Special lines (at the start of a line, anywhere in a cell; they run before
the cell's Go code):
  %% ARGS...  the rest of the cell runs, with os.Args[1:] = ARGS (GoNB
              compatibility; the line and ARGS are optional)
  %who        list the live variables
  %whos       list the live variables with their types and sizes
  %ls         list the live definitions and the cells that made them
  %rm NAME... forget definitions (values already made are kept by others)
  %reset      start a fresh worker: every variable and definition is gone
  %rerun      rebuild the session on a fresh worker by running again, in
              order, every cell that ran successfully (since %reset): after
              a hung or crashed cell lost the variables, say; cells that
              failed and shell lines are left out, %go lines run again,
              and each replayed cell shows one line instead of its output
  %time       after the cell, show where its time went
  %stack full show every frame of a panic's stack (%stack short: fold the
              frames of library packages, the default)
  !CMD        run CMD with the shell, in the kernel's directory
  !*CMD       run CMD with the shell, in the session's module directory
  %go ARGS... run the go command in the session's module: %go get m@v
              pins a module version, %go mod edit -replace m=DIR or
              %go work use DIR uses a local copy (edits to it are picked
              up by the next cell), %go list -m all lists the modules
  %blas       show the BLAS that gonum and nnkit compute with (pure Go, a
              CPU library such as OpenBLAS, or CUDA) and the backends this
              machine offers; %blas go|cpu|cuda|auto switches and %blas
              threads N sets the library's threads (both kept for the session)
  %help       show this text

A cell's last expression is shown as its result. A cell may also define
func main(), which runs after its statements.

gonum, and so nnkit, computes its matrix products with the fastest BLAS
found: a CPU library (OpenBLAS, MKL, BLIS; Accelerate on macOS) when one
loads, else gonum's pure Go, which gives the same bits on every machine.
$NNBOOK_BLAS=go|cpu|cuda|auto chooses for the kernel; %blas shows which
one runs.

Interrupt (the stop button) raises a KeyboardInterrupt in the running cell
at its next loop iteration, channel operation, select or time.Sleep: its
deferred calls run and every variable keeps its value. Pass the cell's
context, interrupt.Context() from "github.com/nnbook/nnbook/kernel/interrupt",
to library calls that take one (model.Fit does) so that they stop too.
Goroutines the cell started keep running. A cell that does not stop within
a few seconds (a lock, a library loop) is killed with the worker, and every
variable is lost: %rerun then rebuilds the session from its cells.
`

// magics runs the special lines of code in order and returns the code
// with them blanked, keeping line numbers. res is set when a line failed.
func (s *Session) magics(ctx context.Context, req contract.Request, out contract.Sink) (code string, timed bool, res *contract.Result) {
	if strings.TrimSpace(req.Code) == "%help" {
		// Alone in a cell, the help goes to the front end's pager, as
		// IPython's "?" does; among other lines it is printed.
		return "", false, &contract.Result{Payload: []map[string]any{{
			"source": "page", "data": map[string]any{"text/plain": helpText}, "start": 0,
		}}}
	}
	lines := strings.SplitAfter(req.Code, "\n")
	print := func(text string) { out.Stream("stdout", []byte(text)) }
	for i, line := range lines {
		t, ok := specialLine(line)
		if !ok {
			continue
		}
		lines[i] = blankLine(line)
		if cmd, ok := strings.CutPrefix(t, "!"); ok {
			if e := s.shell(ctx, cmd, out); e != nil {
				return "", false, &contract.Result{Err: e}
			}
			continue
		}
		args := strings.Fields(t)
		switch args[0] {
		case "%help":
			print(helpText)
		case "%time":
			timed = true
		case "%go":
			if e := s.goMagic(ctx, args[1:], out); e != nil {
				return "", false, &contract.Result{Err: e}
			}
		case "%who":
			print(strings.Join(s.varNames(), "  ") + "\n")
		case "%whos":
			text, err := s.whos()
			if err != nil {
				return "", false, &contract.Result{Err: s.restart(s.current(), "WorkerDied", "the worker process exited")}
			}
			print(text)
		case "%ls":
			print(s.definitions())
		case "%rm":
			if e := s.remove(args[1:], req.ExecutionCount, i+1); e != nil {
				return "", false, &contract.Result{Err: e}
			}
		case "%blas":
			if e := s.blasMagic(ctx, req, args[1:], i+1, out); e != nil {
				return "", false, &contract.Result{Err: e}
			}
		case "%stack":
			switch mode := strings.Join(args[1:], " "); mode {
			case "full", "short":
				s.fullStack.Store(mode == "full")
				print("Panic stacks are now shown " + map[string]string{"full": "in full.\n", "short": "with library frames folded.\n"}[mode])
			default:
				return "", false, &contract.Result{Err: contract.NewError("MagicError", "%stack "+mode+": want %stack full or %stack short")}
			}
		case "%rerun":
			if e := s.rerun(ctx, req, args[1:], out); e != nil {
				return "", false, &contract.Result{Err: e}
			}
		case "%reset":
			s.history, s.failed = nil, nil // an empty session: %rerun has nothing to replay
			if err := s.reset(s.current()); err != nil {
				return "", false, &contract.Result{Err: &contract.Error{Name: "WorkerDied", Value: "%reset: " + err.Error()}}
			}
			print("The worker was restarted: every variable and definition is gone.\n")
		default:
			return "", false, &contract.Result{Err: &contract.Error{
				Name:      "MagicError",
				Value:     "unknown special command " + args[0],
				Traceback: []string{contract.Highlight(cellFile(req.ExecutionCount)+":"+itoa(i+1)) + ": unknown special command " + args[0] + " (%help lists them)"},
			}}
		}
	}
	return strings.Join(lines, ""), timed, nil
}

// specialLine returns line trimmed, and whether it is a special line: a
// magic (%NAME, not %%) or a shell command (!CMD).
func specialLine(line string) (string, bool) {
	t := strings.TrimSpace(line)
	return t, strings.HasPrefix(t, "!") || strings.HasPrefix(t, "%") && !strings.HasPrefix(t, "%%")
}

// blankLine returns line with its text replaced by spaces, keeping its
// length and newline, so that the cell's positions hold.
func blankLine(line string) string {
	text := strings.TrimRight(line, "\n")
	return strings.Repeat(" ", len(text)) + line[len(text):]
}

// current returns the running worker.
func (s *Session) current() *worker {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w
}

// shell runs cmd with sh in the kernel's directory, streaming its output.
func (s *Session) shell(ctx context.Context, cmd string, out contract.Sink) *contract.Error {
	dir := "" // GoNB's !*CMD runs in the session's module
	if rest, ok := strings.CutPrefix(cmd, "*"); ok {
		cmd, dir = rest, s.dir
	}
	c := exec.CommandContext(ctx, "sh", "-c", cmd)
	c.Dir = dir
	c.Stdout = contract.StreamWriter(out, "stdout")
	c.Stderr = contract.StreamWriter(out, "stderr")
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	c.Cancel = func() error { return syscall.Kill(-c.Process.Pid, syscall.SIGKILL) }
	if err := c.Run(); err != nil {
		msg := "!" + cmd + ": " + err.Error()
		return contract.NewError("ShellError", msg)
	}
	return nil
}

// varNames returns the live variables' names, sorted.
func (s *Session) varNames() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for name, d := range s.st.defs {
		if _, ok := d.obj.(*types.Var); ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// userType spells a type as the user wrote it: notebook types bare,
// others qualified by their package's name.
func userType(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p.Path() == checkPath {
			return ""
		}
		return p.Name()
	})
}

// whos returns the %whos table: each live variable's name, type, size
// and the cell that defined it.
func (s *Session) whos() (string, error) {
	names := s.varNames()
	s.mu.Lock()
	st, w := s.st, s.w
	s.mu.Unlock()
	sizes, err := w.sizes(names)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Variable\tType\tSize\tCell")
	for i, name := range names {
		d := st.defs[name]
		size := ""
		if i < len(sizes) {
			size = sizes[i]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, userType(d.obj.Type()), size, cellFile(d.cell))
	}
	tw.Flush()
	return b.String(), nil
}

// definitions returns the %ls listing: every live name with its kind and
// the cell that defined it, then every live import name.
func (s *Session) definitions() string {
	s.mu.Lock()
	st := s.st
	s.mu.Unlock()
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, name := range slices.Sorted(maps.Keys(st.defs)) {
		d := st.defs[name]
		kind := "var"
		switch d.obj.(type) {
		case *types.Func:
			kind = "func"
		case *types.TypeName:
			kind = "type"
		case *types.Const:
			kind = "const"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", kind, name, userType(d.obj.Type()), cellFile(d.cell))
	}
	imports := slices.SortedFunc(slices.Values(st.imports), func(a, b importSpec) int { return strings.Compare(a.name, b.name) })
	for _, is := range imports {
		fmt.Fprintf(tw, "import\t%s\t%s\t%s\n", is.name, strconv.Quote(is.path), cellFile(is.cell))
	}
	tw.Flush()
	return b.String()
}

// remove forgets the named definitions; line is the %rm line of cell n.
func (s *Session) remove(names []string, n, line int) *contract.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := &state{defs: maps.Clone(s.st.defs), imports: s.st.imports, blas: s.st.blas}
	for _, name := range names {
		if next.defs[name] == nil {
			msg := "%rm: " + name + " is not defined (%ls lists the definitions)"
			return &contract.Error{Name: "MagicError", Value: msg, Traceback: []string{contract.Highlight(cellFile(n)+":"+itoa(line)) + ": " + msg}}
		}
		delete(next.defs, name)
	}
	s.setStateLocked(next)
	return nil
}
