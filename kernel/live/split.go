package live

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// unitKind says what a top-level unit of a cell is.
type unitKind int

const (
	unitStmt   unitKind = iota // a statement
	unitImport                 // an import declaration
	unitFunc                   // a func or method declaration
	unitDecl                   // a type, const or var declaration
)

// unit is one top-level construct: a declaration or a statement, with
// where its text starts in its cell. Units of earlier cells are kept in the
// live definitions so that they can be checked and emitted again.
type unit struct {
	kind unitKind
	// text is the unit's source as the user typed it.
	text string
	// cell is the execution count of the cell; line and col locate the
	// first byte of text in it (1-based).
	cell, line, col int
	// imports are the imports in scope when the unit was defined; set
	// once the cell that defined it has been checked.
	imports []importSpec
}

// importSpec is one import under its local name.
type importSpec struct {
	name, path string
}

// lineDirective returns a /*line*/ comment that gives the next token the
// position of offset off of u.
func (u *unit) lineDirective(off int) string {
	line, col := u.line, u.col
	for i := 0; i < off; i++ {
		if u.text[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return "/*line " + cellFile(u.cell) + ":" + itoa(line) + ":" + itoa(col) + "*/"
}

// cellFile is the file name that positions in cell n carry.
func cellFile(n int) string { return "cell[" + itoa(n) + "]" }

// cellArgs returns the words after the first %% line of code, which the
// cell's code sees as os.Args[1:], as in GoNB; nil when there are none.
func cellArgs(code string) []string {
	for _, line := range strings.Split(code, "\n") {
		if t, ok := strings.CutPrefix(strings.TrimSpace(line), "%%"); ok {
			return strings.Fields(t)
		}
	}
	return nil
}

// splitCell cuts the source of cell number n into top-level units at the
// semicolons outside brackets. A %% line (GoNB's marker for "run what
// follows") is blank space here: every cell runs its statements. Other
// special lines have been run and blanked by the session.
func splitCell(code string, n int) ([]*unit, error) {
	src := []byte(code)
	lineStart := 0
	for _, line := range strings.SplitAfter(code, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "%%") {
			for j := lineStart; j < lineStart+len(strings.TrimRight(line, "\n")); j++ {
				src[j] = ' '
			}
		}
		lineStart += len(line)
	}

	fset := token.NewFileSet()
	file := fset.AddFile(cellFile(n), -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, src, func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)
	var toks []scanTok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		off := file.Offset(pos)
		size := len(lit)
		if size == 0 {
			size = len(t.String())
		}
		toks = append(toks, scanTok{t, off, off + size})
	}
	if len(errs) > 0 {
		return nil, compileError(errorList(errs))
	}

	var units []*unit
	depth, start := 0, -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		u := &unit{text: string(src[toks[start].off:end]), cell: n}
		u.kind = unitKindOf(toks, start)
		p := file.Position(file.Pos(toks[start].off))
		u.line, u.col = p.Line, p.Column
		units = append(units, u)
		start = -1
	}
	lastEnd := 0
	for i, t := range toks {
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		}
		if t.tok == token.SEMICOLON && depth <= 0 {
			if start >= 0 && inHeader(toks, start, i, src[toks[start].off:lastEnd]) {
				continue
			}
			flush(lastEnd)
			continue
		}
		if start < 0 {
			start = i
		}
		if t.tok != token.SEMICOLON {
			lastEnd = t.end
		}
	}
	flush(lastEnd)
	return units, nil
}

// inHeader reports whether the semicolon toks[i] is inside the unit that
// starts at toks[start] and whose text so far is text: the unit is an if,
// for, switch or select statement (possibly labeled) that is not complete
// yet, so the semicolon separates the init statement, condition or post
// statement of its header (if err := f(); err != nil {), or of an else if
// of its chain. The statement ends at the first semicolon after a closing
// brace where its text parses as one statement; a header may hold braces
// of its own (range []int{1, 2} {, f := func() bool { ... }; f() {).
func inHeader(toks []scanTok, start, i int, text []byte) bool {
	for start+1 < i && toks[start].tok == token.IDENT && toks[start+1].tok == token.COLON {
		start += 2 // a label
	}
	switch toks[start].tok {
	case token.IF, token.FOR, token.SWITCH, token.SELECT:
	default:
		return false
	}
	if toks[i-1].tok != token.RBRACE {
		return true
	}
	_, _, ok := stmtOf(&unit{text: string(text)})
	return !ok
}

// scanTok is one token of a cell: its kind and byte range.
type scanTok struct {
	tok      token.Token
	off, end int
}

// unitKindOf classifies the unit whose first token is toks[i].
func unitKindOf(toks []scanTok, i int) unitKind {
	at := func(j int) token.Token {
		if j < len(toks) {
			return toks[j].tok
		}
		return token.EOF
	}
	switch at(i) {
	case token.IMPORT:
		return unitImport
	case token.TYPE, token.CONST, token.VAR:
		return unitDecl
	case token.FUNC:
		if at(i+1) == token.IDENT {
			return unitFunc
		}
		if at(i+1) == token.LPAREN {
			// A method has a receiver followed by a name and "(" or "[";
			// a function literal has parameters followed by a result or "{".
			depth := 0
			for j := i + 1; j < len(toks); j++ {
				switch at(j) {
				case token.LPAREN:
					depth++
				case token.RPAREN:
					depth--
				}
				if depth == 0 {
					if at(j+1) == token.IDENT && (at(j+2) == token.LPAREN || at(j+2) == token.LBRACK) {
						return unitFunc
					}
					return unitStmt
				}
			}
		}
	}
	return unitStmt
}

// stmtOf parses the statement unit u; ok is false when it does not parse
// as one statement (the check reports the error in context).
func stmtOf(u *unit) (st ast.Stmt, off func(token.Pos) int, ok bool) {
	const prefix = "package p;func _(){"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", prefix+u.text+"\n}", parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, false
	}
	body := f.Decls[0].(*ast.FuncDecl).Body.List
	if len(body) != 1 {
		return nil, nil, false
	}
	tf := fset.File(f.Pos())
	return body[0], func(p token.Pos) int { return tf.Offset(p) - len(prefix) }, true
}

// valueBuiltins are the builtins whose calls have a value and cannot
// stand alone as statements.
var valueBuiltins = map[string]bool{
	"append": true, "cap": true, "complex": true, "imag": true, "len": true,
	"make": true, "max": true, "min": true, "new": true, "real": true,
}

// errorList converts scanner errors into cell errors.
func errorList(list scanner.ErrorList) []posError {
	var out []posError
	for _, e := range list {
		out = append(out, posError{pos: e.Pos, msg: e.Msg})
	}
	return out
}
