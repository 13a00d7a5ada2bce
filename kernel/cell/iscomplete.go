package cell

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// Statuses of [Session.IsComplete], as Jupyter names them.
const (
	StatusComplete   = "complete"
	StatusIncomplete = "incomplete"
	StatusInvalid    = "invalid"
)

// IsComplete reports whether code is ready to run. Code with unclosed
// brackets, a raw string or comment still open, or a last line that ends in
// an operator is "incomplete", with one tab of indent per open bracket.
// Code with a bracket that closes nothing, or that does not parse, is
// "invalid". Magic lines (%%) count as blank. It depends on the code
// alone, so every executor answers with it.
func IsComplete(code string) (status, indent string) {
	var b strings.Builder
	for _, line := range strings.SplitAfter(code, "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!") {
			b.WriteString("\n")
			continue
		}
		b.WriteString(line)
	}
	src := b.String()
	if strings.TrimSpace(src) == "" {
		return StatusComplete, ""
	}

	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)
	var stack []token.Token
	last := token.ILLEGAL
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			open := map[token.Token]token.Token{token.RPAREN: token.LPAREN, token.RBRACK: token.LBRACK, token.RBRACE: token.LBRACE}[tok]
			if len(stack) == 0 || stack[len(stack)-1] != open {
				return StatusInvalid, ""
			}
			stack = stack[:len(stack)-1]
		}
		if tok != token.SEMICOLON || lit != "\n" {
			last = tok
		}
	}
	for _, e := range errs {
		switch e.Msg {
		case "raw string literal not terminated", "comment not terminated":
			return StatusIncomplete, ""
		}
	}
	if len(errs) > 0 {
		return StatusInvalid, ""
	}
	if len(stack) > 0 {
		return StatusIncomplete, strings.Repeat("\t", len(stack))
	}
	if continues(last) {
		return StatusIncomplete, "\t"
	}
	if !parses(src) {
		return StatusInvalid, ""
	}
	return StatusComplete, ""
}

// continues reports whether a line ending in tok continues on the next
// line: Go inserts no semicolon after it.
func continues(tok token.Token) bool {
	switch {
	case tok.IsOperator():
		switch tok {
		case token.RPAREN, token.RBRACK, token.RBRACE, token.INC, token.DEC, token.SEMICOLON:
			return false
		}
		return true
	case tok.IsKeyword():
		switch tok {
		case token.BREAK, token.CONTINUE, token.FALLTHROUGH, token.RETURN:
			return false
		}
		return true
	}
	return false
}

// parses reports whether every unit of the cell src parses: its
// statements as statements, its declarations as declarations. Special
// lines (%%, %magic, !cmd) are blank space here.
func parses(src string) bool {
	b := []byte(src)
	lineStart := 0
	for _, line := range strings.SplitAfter(src, "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!") {
			Blank(b, lineStart, lineStart+len(line))
		}
		lineStart += len(line)
	}
	units, err := Split(string(b), 0)
	if err != nil {
		return false
	}
	for _, u := range units {
		text := string(b[u.Start:u.End])
		if u.Kind == UnitStmt {
			if _, _, ok := ParseStmt(text); !ok {
				return false
			}
			continue
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, parser.SkipObjectResolution); err != nil {
			return false
		}
	}
	return true
}
