package cell

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// UnitKind says what a top-level unit of a cell is.
type UnitKind int

const (
	UnitStmt   UnitKind = iota // a statement
	UnitImport                 // an import declaration
	UnitFunc                   // a func or method declaration
	UnitDecl                   // a type, const or var declaration
)

// Unit is one top-level construct of a cell: a declaration or a
// statement, src[Start:End] of the source [Split] cut.
type Unit struct {
	Kind UnitKind
	// Doc is where the comments right above the unit start (its doc
	// comment); Start when there are none.
	Doc        int
	Start, End int
	// Line and Col locate Start in the cell (1-based, Col in bytes).
	Line, Col int
}

// CutHybrid blanks the %% lines of code (GoNB's marker for "run what
// follows"), keeping every offset, and returns the result, the offset of
// the first %% line (len(code) when there is none) and the words after
// it, which the cell's code sees as os.Args[1:].
func CutHybrid(code string) (src string, hybridEnd int, args []string) {
	b := []byte(code)
	hybridEnd = len(b)
	lineStart := 0
	for _, line := range strings.SplitAfter(code, "\n") {
		if t, ok := strings.CutPrefix(strings.TrimSpace(line), "%%"); ok {
			if hybridEnd == len(b) {
				hybridEnd, args = lineStart, strings.Fields(t)
			}
			Blank(b, lineStart, lineStart+len(strings.TrimRight(line, "\n")))
		}
		lineStart += len(line)
	}
	return string(b), hybridEnd, args
}

// Split cuts src, the source of cell number n with its special lines
// blanked, into top-level units at the semicolons outside brackets and
// outside the headers of if, for, switch and select statements. The
// error is a CompileError ([CellErrors.Err]) when src does not scan.
func Split(src string, n int) ([]Unit, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, scanner.ScanComments)
	var toks []scanTok
	// docs[i] is where the comments right above toks[i] start, or -1.
	var docs []int
	comment, commentEnd := -1, -1
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
		if t == token.COMMENT {
			switch {
			case !startsLine(src, off):
				// A comment after code on its line documents nothing below.
				comment = -1
			case comment < 0 || strings.Contains(src[commentEnd:off], "\n\n"):
				comment = off
			}
			commentEnd = off + size
			continue
		}
		doc := -1
		if comment >= 0 && !strings.Contains(src[commentEnd:off], "\n\n") {
			doc = comment
		}
		if t != token.SEMICOLON {
			comment = -1
		}
		toks = append(toks, scanTok{t, off, off + size})
		docs = append(docs, doc)
	}
	if len(errs) > 0 {
		lines := NewLineIndex(src)
		var l CellErrors
		for _, e := range errs {
			p := lines.Position(e.Pos.Offset)
			l = append(l, CellError{Cell: n, Line: p.Line, Col: p.Col, Msg: e.Msg})
		}
		l.Sort()
		return nil, l.Err()
	}

	lines := NewLineIndex(src)
	var units []Unit
	depth, start := 0, -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		u := Unit{Kind: unitKindOf(toks, start), Start: toks[start].off, End: end, Doc: toks[start].off}
		if d := docs[start]; d >= 0 {
			u.Doc = d
		}
		p := lines.Position(u.Start)
		u.Line, u.Col = p.Line, p.Col
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

// CommentText returns the text of the comments in src (the comments
// above a unit, src[u.Doc:u.Start]) as [ast.CommentGroup.Text] gives it.
func CommentText(src string) string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(src)), []byte(src), nil, scanner.ScanComments)
	g := &ast.CommentGroup{}
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		if t == token.COMMENT {
			g.List = append(g.List, &ast.Comment{Text: lit})
		}
	}
	return g.Text()
}

// startsLine reports whether only blanks precede offset off on its line.
func startsLine(src string, off int) bool {
	i := strings.LastIndexByte(src[:off], '\n')
	return strings.Trim(src[i+1:off], " \t") == ""
}

// inHeader reports whether the semicolon toks[i] is inside the unit that
// starts at toks[start] and whose text so far is text: the unit is an if,
// for, switch or select statement (possibly labeled) that is not complete
// yet, so the semicolon separates the init statement, condition or post
// statement of its header (if err := f(); err != nil {), or of an else if
// of its chain. The statement ends at the first semicolon after a closing
// brace where its text parses as one statement; a header may hold braces
// of its own (range []int{1, 2} {, f := func() bool { ... }; f() {).
func inHeader(toks []scanTok, start, i int, text string) bool {
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
	_, _, ok := ParseStmt(text)
	return !ok
}

// scanTok is one token of a cell: its kind and byte range.
type scanTok struct {
	tok      token.Token
	off, end int
}

// unitKindOf classifies the unit whose first token is toks[i].
func unitKindOf(toks []scanTok, i int) UnitKind {
	at := func(j int) token.Token {
		if j < len(toks) {
			return toks[j].tok
		}
		return token.EOF
	}
	switch at(i) {
	case token.IMPORT:
		return UnitImport
	case token.TYPE, token.CONST, token.VAR:
		return UnitDecl
	case token.FUNC:
		if at(i+1) == token.IDENT {
			return UnitFunc
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
						return UnitFunc
					}
					return UnitStmt
				}
			}
		}
	}
	return UnitStmt
}

// ParseStmt parses text as one statement; off maps its positions to
// offsets in text. ok is false when text is not exactly one statement.
func ParseStmt(text string) (st ast.Stmt, off func(token.Pos) int, ok bool) {
	const prefix = "package p;func _(){"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", prefix+text+"\n}", parser.SkipObjectResolution)
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

// Blank replaces b[start:end] with spaces, keeping newlines.
func Blank(b []byte, start, end int) {
	for i := start; i < end; i++ {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
}
