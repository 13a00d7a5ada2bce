package program

import (
	"go/format"
	"go/scanner"
	"go/token"

	"github.com/nnbook/nnbook/kernel/cell"
)

// formatProgram formats a composed file with go/format and maps every token of
// the result back to the cell position of the same token in src, whose
// lines come from lines. gofmt changes only white space, semicolons and the
// parentheses around if, for and switch headers, so the token sequences
// match once those are skipped. If src does not format (the compiler will
// report why) or the sequences do not match, src is used as it is.
func formatProgram(src string, lines []rawLine) ([]byte, posMap) {
	raw := tokens(src)
	rawPos := func(t tokenAt) cell.Pos {
		o := lines[t.line-1]
		if o.Cell == 0 {
			return cell.Pos{}
		}
		return cell.Pos{Cell: o.Cell, Line: o.Line, Col: t.col + o.Shift}
	}
	if out, err := format.Source([]byte(src)); err == nil {
		fmtd := tokens(string(out))
		if m, ok := align(raw, fmtd, rawPos); ok {
			return out, m
		}
	}
	// Unformatted: the tokens map one to one.
	return []byte(src), anchorMap(raw, raw, rawPos, countLines(src))
}

// tokenAt is a token and where it starts.
type tokenAt struct {
	tok       token.Token
	lit       string
	line, col int
}

// tokens scans src, leaving out comments and semicolons.
func tokens(src string) []tokenAt {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, 0)
	var out []tokenAt
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.SEMICOLON {
			continue
		}
		p := file.Position(pos)
		out = append(out, tokenAt{tok: tok, lit: lit, line: p.Line, col: p.Column})
	}
}

// align pairs the tokens of the source (raw) and of its formatted version
// (fmtd), skipping parentheses that formatting removed.
func align(raw, fmtd []tokenAt, rawPos func(tokenAt) cell.Pos) (posMap, bool) {
	var pairs [][2]tokenAt
	i := 0
	for _, f := range fmtd {
		for i < len(raw) && (raw[i].tok != f.tok || raw[i].lit != f.lit) &&
			(raw[i].tok == token.LPAREN || raw[i].tok == token.RPAREN) {
			i++
		}
		if i == len(raw) || raw[i].tok != f.tok || raw[i].lit != f.lit {
			return nil, false
		}
		pairs = append(pairs, [2]tokenAt{raw[i], f})
		i++
	}
	for ; i < len(raw); i++ {
		if raw[i].tok != token.LPAREN && raw[i].tok != token.RPAREN {
			return nil, false
		}
	}
	n := 0
	if len(fmtd) > 0 {
		n = fmtd[len(fmtd)-1].line
	}
	rs := make([]tokenAt, len(pairs))
	fs := make([]tokenAt, len(pairs))
	for k, p := range pairs {
		rs[k], fs[k] = p[0], p[1]
	}
	return anchorMap(rs, fs, rawPos, n), true
}

// anchorMap builds the map of a file with lines lines whose tokens fs are
// the tokens rs of the source.
func anchorMap(rs, fs []tokenAt, rawPos func(tokenAt) cell.Pos, lines int) posMap {
	m := make(posMap, lines)
	for k, f := range fs {
		o := &m[f.line-1]
		p := rawPos(rs[k])
		if o.Cell == 0 {
			o.Cell, o.Line = p.Cell, p.Line
		}
		o.anchors = append(o.anchors, anchor{col: f.col, pos: p})
	}
	return m
}

// countLines returns the number of lines of src.
func countLines(src string) int {
	n := 0
	for i := range len(src) {
		if src[i] == '\n' {
			n++
		}
	}
	if len(src) > 0 && src[len(src)-1] != '\n' {
		n++
	}
	return n
}
