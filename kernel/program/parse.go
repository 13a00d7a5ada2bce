package program

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"

	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/contract"
)

// parsedCell is one cell split into what the session remembers and what
// runs once.
type parsedCell struct {
	// decls are the cell's declarations in source order, func main excluded.
	decls []*decl
	// main is the cell's func main, nil when it has none.
	main *decl
	// body is the cell's source with everything but its top-level
	// statements blanked out, so that its lines and columns are the cell's.
	body string
	// runs is true when the program runs: the cell has statements, a %%
	// line or a func main.
	runs bool
	// bodyVars are the variables that top-level statements declare; the
	// composed program uses them once so that "declared and not used" does
	// not stop a cell like `x := 1`.
	bodyVars []string
	// args are the words after %%, passed to the program as os.Args[1:].
	args []string
}

// parseCell splits code, the source of cell number n, into declarations
// and statements. Declarations are func, method and import declarations and
// the top-level var, const and type declarations that do not refer to
// variables declared by the cell's statements; everything else runs in
// order. Below a %% line everything is a statement, as in GoNB.
func parseCell(code string, n int) (*parsedCell, error) {
	src, hybridEnd, args, err := blankMagic(code, n)
	if err != nil {
		return nil, err
	}
	lines := cell.NewLineIndex(src)
	pc := &parsedCell{args: args, runs: hybridEnd < len(src)}

	units, err := cell.Split(src[:hybridEnd], n)
	if err != nil {
		return nil, err
	}
	body := []byte(src)
	var declPieces [][2]int
	for _, u := range units {
		// Functions and imports are declarations; var, const and type
		// declarations are hoisted below unless they use the cell's
		// variables.
		if u.Kind == cell.UnitFunc || u.Kind == cell.UnitImport {
			cell.Blank(body, u.Doc, u.End)
			declPieces = append(declPieces, [2]int{u.Doc, u.End})
		}
	}

	// Parse the statements as a function body; the wrapper is on its own
	// line, so body offsets are cell offsets shifted by len(prefix).
	const prefix = "package main;func _(){\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell", prefix+string(body)+"\n}", parser.SkipObjectResolution)
	if err != nil {
		return nil, syntaxErrors(err, lines, n, len(prefix))
	}
	fn := f.Decls[0].(*ast.FuncDecl)
	file := fset.File(fn.Pos())
	off := func(p token.Pos) int { return file.Offset(p) - len(prefix) }

	// Hoist top-level var, const and type declarations that do not refer
	// to the statements' variables; they become remembered declarations.
	locals := map[string]bool{}
	for _, st := range fn.Body.List {
		start, end := off(st.Pos()), off(st.End())
		if ds, ok := st.(*ast.DeclStmt); ok && start < hybridEnd && !refersTo(ds, locals) {
			cell.Blank(body, start, end)
			declPieces = append(declPieces, [2]int{start, end})
			continue
		}
		pc.runs = true
		for _, name := range declaredNames(st) {
			if !locals[name] {
				locals[name] = true
				pc.bodyVars = append(pc.bodyVars, name)
			}
		}
	}
	if pc.runs {
		pc.body = string(body)
	}

	// Parse the declarations in one file with everything else blanked.
	declSrc := []byte(strings.Repeat(" ", len(src)))
	for _, p := range declPieces {
		copy(declSrc[p[0]:p[1]], src[p[0]:p[1]])
	}
	keepNewlines(declSrc, src)
	const declPrefix = "package main\n"
	df, err := parser.ParseFile(fset, "cell", declPrefix+string(declSrc), parser.SkipObjectResolution|parser.ParseComments)
	if err != nil {
		return nil, syntaxErrors(err, lines, n, len(declPrefix))
	}
	dfile := fset.File(df.Package)
	doff := func(p token.Pos) int { return dfile.Offset(p) - len(declPrefix) }
	for _, d := range df.Decls {
		start := doff(d.Pos())
		if doc := declDoc(d); doc != nil {
			start = doff(doc.Pos())
		}
		for _, nd := range newDecls(d, src, start, doff(d.End()), lines, doff) {
			nd.cell = n
			if nd.kind == kindFunc && nd.key == "main" {
				// Rename main in place; mainName has the same length.
				fd := d.(*ast.FuncDecl)
				at := doff(fd.Name.Pos()) - start
				nd.src = nd.src[:at] + mainName + nd.src[at+len("main"):]
				if pc.main != nil {
					return nil, &contract.Error{Name: "CompileError", Value: "main redeclared in this cell"}
				}
				pc.main = nd
				continue
			}
			pc.decls = append(pc.decls, nd)
		}
	}
	if pc.main != nil {
		if pc.body != "" || hybridEnd < len(src) {
			return nil, &contract.Error{Name: "CompileError",
				Value:     "a cell with func main cannot also have top-level statements or %%",
				Traceback: []string{"cell: move the statements into func main, or remove func main"}}
		}
		pc.runs = true
	}
	return pc, nil
}

// blankMagic blanks the %% lines of code (see [cell.CutHybrid]). Other lines
// starting with % or ! are magics this executor does not run.
func blankMagic(code string, n int) (src string, hybridEnd int, args []string, err error) {
	for i, line := range strings.Split(code, "\n") {
		t := strings.TrimSpace(line)
		if !strings.HasPrefix(t, "%%") && (strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!")) {
			return "", 0, nil, contract.NewError("MagicError", "unsupported special command "+strings.Fields(t)[0],
				cell.Pos{Cell: n, Line: i + 1, Col: 1}.String()+": this executor runs Go code and %% lines only")
		}
	}
	src, hybridEnd, args = cell.CutHybrid(code)
	return src, hybridEnd, args, nil
}

// refersTo reports whether any identifier in n is one of names.
func refersTo(n ast.Node, names map[string]bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			found = true
		}
		return !found
	})
	return found
}

// declaredNames returns the variables a top-level statement declares.
func declaredNames(st ast.Stmt) []string {
	var names []string
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			for _, e := range st.Lhs {
				if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
					names = append(names, id.Name)
				}
			}
		}
	case *ast.DeclStmt:
		if gd, ok := st.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, sp := range gd.Specs {
				for _, id := range sp.(*ast.ValueSpec).Names {
					if id.Name != "_" {
						names = append(names, id.Name)
					}
				}
			}
		}
	}
	return names
}

// keepNewlines copies the newlines of src into b.
func keepNewlines(b []byte, src string) {
	for i := range len(src) {
		if src[i] == '\n' {
			b[i] = '\n'
		}
	}
}

// syntaxErrors converts a go/parser or go/scanner error into a cell
// CompileError, with offsets shifted by prefix bytes.
func syntaxErrors(err error, lines *cell.LineIndex, n, prefix int) error {
	list, ok := err.(scanner.ErrorList)
	if !ok {
		return &contract.Error{Name: "SyntaxError", Value: err.Error()}
	}
	var errs cell.CellErrors
	for _, e := range list {
		p := lines.Position(e.Pos.Offset - prefix)
		errs = append(errs, cell.CellError{Cell: n, Line: p.Line, Col: p.Col, Msg: e.Msg})
	}
	errs.Sort()
	return errs.Err()
}
