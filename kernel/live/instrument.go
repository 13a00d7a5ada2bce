package live

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
)

// interruptPath is the import path of the cell-side interrupt runtime.
const interruptPath = "github.com/nnbook/nnbook/kernel/interrupt"

// interruptName is the runtime's import name in generated code.
const interruptName = "nbi_interrupt"

// instrument rewrites one generated file of a cell package so that an
// interrupt stops the cell's goroutine and keeps the session (see package
// interrupt):
//
//   - every for loop's body starts with a check, once per iteration, or
//     once every tightCheckEvery iterations of a tight loop (see tight);
//     a tight loop that is bounded by its count (a counted loop, or a range
//     over a slice, array, map, string or number: see counted and
//     rangesOverData) carries no check at all, so numeric kernels run at
//     full speed, and the loop around it, or the caller's, stops the cell;
//   - a channel receive <-c becomes interrupt.Recv(c) (Recv2 for
//     v, ok := <-c), a send c <- v becomes interrupt.Send(c, v), and
//     time.Sleep becomes interrupt.Sleep;
//   - a range over a channel, which the generator marked with chanMarker
//     (the type-check tells a channel from a slice, the syntax does not),
//     goes through interrupt.Chan, which wakes between values;
//   - a select without a default case gains a case on interrupt.Done that
//     raises the interrupt or, on another goroutine, retries the select;
//   - the cell's entry function begins and ends the cell's run;
//   - a statement that calls gonbui (a display) waits until the kernel has
//     published it, so that text printed after it cannot overtake it.
//
// The operations of a select's cases stay as written: the select waits for
// them. Every insertion stays on the line of the code around it, so the
// //line directives of the generated code keep their meaning. A file with
// nothing to instrument is returned unchanged.
func instrument(src string) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell.go", src, parser.ParseComments)
	if err != nil {
		return "", fmt.Errorf("live: instrument the generated code: %w", err)
	}
	in := &instrumenter{src: src, tf: fset.File(f.Pos()), sleep: importNames(f, "time"), gonbui: importNames(f, gonbuiPath)}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
			if fd.Recv == nil && fd.Name.Name == entryName {
				in.insert(fd.Body.Lbrace+1, " "+interruptName+".Begin(); defer "+interruptName+".End();")
			}
			in.function(fd.Body)
		}
	}
	if len(in.edits) == 0 {
		return src, nil
	}
	in.insert(f.Name.End(), "; import "+interruptName+" "+strconv.Quote(interruptPath))
	return in.apply(src), nil
}

// importNames returns the names under which f imports path.
func importNames(f *ast.File, path string) map[string]bool {
	names := map[string]bool{}
	for _, is := range f.Imports {
		if p, err := strconv.Unquote(is.Path.Value); err != nil || p != path {
			continue
		}
		name := path[strings.LastIndex(path, "/")+1:]
		if is.Name != nil {
			name = is.Name.Name
		}
		names[name] = true
	}
	return names
}

// instrumenter collects the edits of one file.
type instrumenter struct {
	src string
	tf  *token.File
	// sleep holds the import names of package time, gonbui those of
	// gonbui.
	sleep, gonbui map[string]bool
	// counted is set once a tight loop of the function being instrumented
	// uses the iteration counter.
	counted bool
	edits   []edit
}

func (in *instrumenter) insert(p token.Pos, text string) { in.replace(p, p, text) }

func (in *instrumenter) replace(from, to token.Pos, text string) {
	off := in.tf.Offset(from)
	in.edits = append(in.edits, edit{off: off, n: in.tf.Offset(to) - off, text: text})
}

// apply returns src with the edits made; insertions at one offset keep the
// order in which they were made.
func (in *instrumenter) apply(src string) string {
	slices.SortStableFunc(in.edits, func(a, b edit) int { return a.off - b.off })
	var b strings.Builder
	at := 0
	for _, e := range in.edits {
		b.WriteString(src[at:e.off])
		b.WriteString(e.text)
		at = e.off + e.n
	}
	b.WriteString(src[at:])
	return b.String()
}

// node instruments n and everything in it.
func (in *instrumenter) node(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			in.syncDisplays(n.List)
		case *ast.CaseClause:
			in.syncDisplays(n.Body)
		case *ast.CommClause:
			in.syncDisplays(n.Body)
		case *ast.FuncLit:
			in.function(n.Body)
			return false
		case *ast.ForStmt:
			if !(tight(n.Body) && counted(n)) {
				in.insert(n.Body.Lbrace+1, in.loopCheck(n.Body))
			}
		case *ast.RangeStmt:
			if in.overChan(n) {
				in.insert(n.X.Pos(), interruptName+".Chan(")
				in.insert(n.X.End(), ")")
			}
			if !(tight(n.Body) && rangesOverData(n)) {
				in.insert(n.Body.Lbrace+1, in.loopCheck(n.Body))
			}
		case *ast.LabeledStmt:
			if sel, ok := unlabel(n).(*ast.SelectStmt); ok {
				in.selectStmt(n.Pos(), sel)
				return false
			}
		case *ast.SelectStmt:
			in.selectStmt(n.Pos(), n)
			return false
		case *ast.SendStmt:
			in.send(n)
			return false
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				if u := receive(n.Rhs[0]); u != nil {
					in.walk(n.Lhs...)
					in.recv(u, "Recv2")
					return false
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == 2 && len(n.Values) == 1 {
				if u := receive(n.Values[0]); u != nil {
					in.walk(n.Type)
					in.recv(u, "Recv2")
					return false
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				in.recv(n, "Recv")
				return false
			}
		case *ast.CallExpr:
			if se, ok := n.Fun.(*ast.SelectorExpr); ok && se.Sel.Name == "Sleep" {
				if id, ok := se.X.(*ast.Ident); ok && id.Obj == nil && in.sleep[id.Name] {
					in.replace(se.Pos(), se.End(), interruptName+".Sleep")
				}
			}
		}
		return true
	})
}

// chanMarker follows the range keyword of a range over a channel in
// generated code: see markChanRanges.
const chanMarker = "/*nbi:chan*/"

// overChan reports whether the range loop is over a channel: the
// generator marked it.
func (in *instrumenter) overChan(loop *ast.RangeStmt) bool {
	between := in.src[in.tf.Offset(loop.Range)+len("range") : in.tf.Offset(loop.X.Pos())]
	return strings.Contains(between, chanMarker)
}

// markChanRanges marks every range loop over a channel in files with
// chanMarker after its range keyword, so that the instrument stage, which
// sees only the syntax, can make it wake on an interrupt while it waits
// for the next value. A range over a type parameter whose type set holds
// channels is not marked.
func (g *generator) markChanRanges(files []*checkFile) {
	for _, f := range files {
		ast.Inspect(f.ast, func(n ast.Node) bool {
			loop, ok := n.(*ast.RangeStmt)
			if !ok {
				return true
			}
			if _, isChan := g.info.TypeOf(loop.X).Underlying().(*types.Chan); !isChan {
				return true
			}
			if u, off, ok := g.locate(loop.Range); ok {
				g.edits[u] = append(g.edits[u], edit{off: off + len("range"), text: " " + chanMarker})
			}
			return true
		})
	}
}

// walk instruments each non-nil node of ns.
func (in *instrumenter) walk(ns ...ast.Expr) {
	for _, n := range ns {
		if n != nil {
			in.node(n)
		}
	}
}

// unlabel returns the statement that the labels of l label.
func unlabel(l *ast.LabeledStmt) ast.Stmt {
	s := l.Stmt
	for {
		inner, ok := s.(*ast.LabeledStmt)
		if !ok {
			return s
		}
		s = inner.Stmt
	}
}

// receive returns the receive operation x is, through parentheses, or nil.
func receive(x ast.Expr) *ast.UnaryExpr {
	for {
		switch e := x.(type) {
		case *ast.ParenExpr:
			x = e.X
		case *ast.UnaryExpr:
			if e.Op == token.ARROW {
				return e
			}
			return nil
		default:
			return nil
		}
	}
}

// recv rewrites the receive u as a call of the runtime's fn.
func (in *instrumenter) recv(u *ast.UnaryExpr, fn string) {
	in.replace(u.OpPos, u.OpPos+token.Pos(len("<-")), interruptName+"."+fn+"(")
	in.node(u.X)
	in.insert(u.X.End(), ")")
}

// send rewrites c <- v as interrupt.Send(c, v).
func (in *instrumenter) send(s *ast.SendStmt) {
	in.insert(s.Chan.Pos(), interruptName+".Send(")
	in.node(s.Chan)
	in.replace(s.Chan.End(), s.Value.Pos(), ", ")
	in.node(s.Value)
	in.insert(s.Value.End(), ")")
}

// selectStmt gives a blocking select, which starts at start (its first
// label, if any), a case on the runtime's Done channel: on the cell's
// goroutine it raises the interrupt, elsewhere the select starts again.
// The operations of the cases are left to the select; what they evaluate
// (the channel, the value sent) and the case bodies are instrumented.
func (in *instrumenter) selectStmt(start token.Pos, s *ast.SelectStmt) {
	blocking := true
	for _, c := range s.Body.List {
		cc := c.(*ast.CommClause)
		switch comm := cc.Comm.(type) {
		case nil:
			blocking = false
		case *ast.SendStmt:
			in.walk(comm.Chan, comm.Value)
		case *ast.ExprStmt:
			if u := receive(comm.X); u != nil {
				in.walk(u.X)
			}
		case *ast.AssignStmt:
			in.walk(comm.Lhs...)
			if u := receive(comm.Rhs[0]); u != nil {
				in.walk(u.X)
			}
		}
		in.syncDisplays(cc.Body)
		for _, st := range cc.Body {
			in.node(st)
		}
	}
	if !blocking {
		return
	}
	label := "nbi_select" + strconv.Itoa(in.tf.Offset(start))
	in.insert(start, label+": ")
	in.insert(s.Body.Lbrace+1, " case <-"+interruptName+".Done(): "+interruptName+".Raise(); goto "+label+";")
}

// instrumentFiles instruments the generated files of a cell package in
// place, when the translator is interruptible, and makes the runtime's
// archive known to the build.
func (t *translator) instrumentFiles(files map[string]string) error {
	if !t.interruptible {
		return nil
	}
	// Importing the runtime lists its archive for the build.
	if _, err := t.importer.Import(interruptPath); err != nil {
		return fmt.Errorf("live: the interrupt runtime %s: %w", interruptPath, err)
	}
	for name, src := range files {
		out, err := instrument(src)
		if err != nil {
			return err
		}
		files[name] = out
	}
	return nil
}

// hasInterruptRuntime reports whether a session module's go.mod (see
// moduleFiles) requires the nnbook module, which holds the interrupt
// runtime.
func hasInterruptRuntime(gomod []byte) bool {
	mf, err := modfile.ParseLax("go.mod", gomod, nil)
	if err != nil {
		return false
	}
	for _, r := range mf.Require {
		if strings.HasPrefix(interruptPath, r.Mod.Path+"/") {
			return true
		}
	}
	return false
}

// syncDisplays makes each statement of list that calls a gonbui function
// (a display, clear_output, an input request) wait until the kernel has
// published it: the kernel publishes the text printed before a display
// first, and the text printed after it cannot overtake it.
func (in *instrumenter) syncDisplays(list []ast.Stmt) {
	for _, st := range list {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			continue
		}
		call, ok := es.X.(*ast.CallExpr)
		if !ok {
			continue
		}
		se, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || se.Sel.Name == "Sync" {
			continue
		}
		if id, ok := se.X.(*ast.Ident); ok && id.Obj == nil && in.gonbui[id.Name] {
			in.insert(es.End(), "; "+id.Name+".Sync()")
		}
	}
}
