package scope

import (
	"go/scanner"
	"go/token"
	"strconv"
)

// cellNames is what the code of a cell declares before the cursor.
type cellNames struct {
	// locals are the declarations in scope at the cursor, in order: those
	// at the top level, and those of the blocks still open at the cursor
	// (a function's parameters, a loop's variables, …).
	locals []local
	// imports are the cell's import specs, by local name ("" when the
	// spec names none: the package's name, which the path suggests).
	imports []cellImport
}

// local is a declaration of the cell.
type local struct {
	names []string
	kind  Kind
	// typ is the declared type's source ("func(x int) int" for a
	// function); exprs are the initial values' sources. Either may be
	// empty.
	typ   string
	exprs []string
	// rangeOver is the source of X in for names := range X.
	rangeOver string
	// params are the sources of function types whose receivers and
	// parameters the local declares (a function body's scope).
	params []string
	// alias is true for type T = U.
	alias bool
	// block is the block that holds the declaration, -1 at the top level.
	block int
}

// cellImport is one import spec of the cell.
type cellImport struct {
	name, path string
}

// tok is one scanned token.
type tok struct {
	off int
	tok token.Token
	lit string
}

// scanCell returns the declarations of src, the code of a cell up to
// the cursor. It reads tokens, not syntax, so that it works on the
// unfinished code a user completes.
func scanCell(src string) cellNames {
	c := &cellScan{src: src, toks: scanTokens(src)}
	c.run()
	return c.out
}

// scanTokens returns the tokens of src, comments left out.
func scanTokens(src string) []tok {
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(f, []byte(src), func(token.Position, string) {}, 0)
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			return toks
		}
		toks = append(toks, tok{off: f.Offset(pos), tok: t, lit: lit})
	}
}

// cellScan walks the tokens of a cell.
type cellScan struct {
	src  string
	toks []tok
	out  cellNames
	// open are the blocks open at the current token, innermost last, and
	// closed the blocks that were closed, by number.
	open   []int
	closed []bool
	// pending are declarations that belong to the block the next brace
	// opens: a loop's or if's header variables, a function's parameters.
	pending []local
}

// block returns the innermost open block, -1 at the top level.
func (c *cellScan) block() int {
	if len(c.open) == 0 {
		return -1
	}
	return c.open[len(c.open)-1]
}

// run records the declarations.
func (c *cellScan) run() {
	parens := 0     // open ( and [ in the current block
	header := false // in the header of a for, if or switch
	stmtStart := true
	for i := 0; i < len(c.toks); i++ {
		t := c.toks[i]
		switch t.tok {
		case token.LPAREN, token.LBRACK:
			parens++
		case token.RPAREN, token.RBRACK:
			parens = max(0, parens-1)
		case token.LBRACE:
			n := len(c.closed)
			c.closed = append(c.closed, false)
			c.open = append(c.open, n)
			for _, l := range c.pending {
				l.block = n
				c.out.locals = append(c.out.locals, l)
			}
			c.pending, header, parens = nil, false, 0
		case token.RBRACE:
			if len(c.open) > 0 {
				c.closed[c.open[len(c.open)-1]] = true
				c.open = c.open[:len(c.open)-1]
			}
		case token.FOR, token.IF, token.SWITCH:
			header = stmtStart
		case token.IMPORT:
			if len(c.open) == 0 {
				i = c.imports(i + 1)
				stmtStart = true
				continue
			}
		case token.FUNC:
			if len(c.open) == 0 && stmtStart {
				i = c.funcDecl(i)
				stmtStart = false
				continue
			}
		case token.TYPE, token.VAR, token.CONST:
			if stmtStart && parens == 0 {
				i = c.resume(c.decl(i))
				stmtStart = true
				continue
			}
		case token.DEFINE:
			if stmtStart {
				i = c.define(i, header)
				stmtStart = !header
				continue
			}
		}
		stmtStart = t.tok == token.SEMICOLON || t.tok == token.LBRACE || t.tok == token.RBRACE ||
			(stmtStart && t.tok == token.IDENT && i+1 < len(c.toks) && (c.toks[i+1].tok == token.COMMA || c.toks[i+1].tok == token.DEFINE)) ||
			(stmtStart && t.tok == token.COMMA) ||
			(t.tok == token.FOR || t.tok == token.IF || t.tok == token.SWITCH)
	}
	// Declarations in blocks closed before the cursor are out of scope.
	visible := c.out.locals[:0]
	for _, l := range c.out.locals {
		if l.block < 0 || !c.closed[l.block] {
			visible = append(visible, l)
		}
	}
	c.out.locals = visible
}

// define records the short variable declaration whose := is token i
// and returns the index of its last token. In the header of a for, if or
// switch, its names belong to the block that follows.
func (c *cellScan) define(i int, header bool) int {
	l := local{names: c.lhsBefore(i), kind: Variable, block: c.block()}
	if !header {
		end := c.stmtEnd(i + 1)
		l.exprs = c.split(i+1, end)
		c.out.locals = append(c.out.locals, l)
		return c.resume(end)
	}
	end := c.headerEnd(i + 1)
	if i+1 < len(c.toks) && c.toks[i+1].tok == token.RANGE {
		l.rangeOver = c.text(i+2, end)
	} else {
		l.exprs = c.split(i+1, end)
	}
	c.pending = append(c.pending, l)
	return end - 1
}

// resume returns the index after which scanning resumes when a
// statement ends at token end: end itself, or the one before when it is
// the brace that closes the statement's block.
func (c *cellScan) resume(end int) int {
	if end < len(c.toks) && c.toks[end].tok == token.RBRACE {
		return end - 1
	}
	return end
}

// headerEnd returns the index of the token that ends the simple
// statement at token i of a for, if or switch header: a semicolon or the
// brace of the body, outside brackets. A brace after a literal type
// ([]T, [n]T, map[K]V, struct{…}) opens a composite literal instead.
func (c *cellScan) headerEnd(i int) int {
	depth := 0
	litType := false
	for ; i < len(c.toks); i++ {
		t := c.toks[i].tok
		switch t {
		case token.LPAREN, token.LBRACK:
			if t == token.LBRACK && depth == 0 && !c.operandEnd(i-1) {
				litType = true
			}
			depth++
		case token.RPAREN, token.RBRACK:
			depth--
		case token.MAP, token.STRUCT:
			if depth == 0 {
				litType = true
			}
			if t == token.STRUCT && i+1 < len(c.toks) && c.toks[i+1].tok == token.LBRACE {
				i = c.closeOf(i + 1) // the fields, not the literal
			}
		case token.SEMICOLON:
			if depth <= 0 {
				return i
			}
		case token.LBRACE:
			if depth > 0 {
				break
			}
			if !litType {
				return i
			}
			i = c.closeOf(i)
			litType = false
		}
	}
	return i
}

// operandEnd reports whether token i ends an operand, so that a bracket
// after it indexes it.
func (c *cellScan) operandEnd(i int) bool {
	if i < 0 {
		return false
	}
	switch c.toks[i].tok {
	case token.IDENT, token.RPAREN, token.RBRACK, token.RBRACE, token.STRING, token.INT:
		return true
	}
	return false
}

// funcDecl records the function or method declared at token i: the
// function itself, and its receiver and parameters for the body. It
// returns the index of the token before the body's brace.
func (c *cellScan) funcDecl(i int) int {
	j := i + 1
	var recv string
	if j < len(c.toks) && c.toks[j].tok == token.LPAREN {
		k := c.closeOf(j)
		recv = "func" + c.text(j, k+1)
		j = k + 1
	}
	if j >= len(c.toks) || c.toks[j].tok != token.IDENT {
		return j - 1 // a function literal: its body is a block like others
	}
	name := c.toks[j].lit
	j++
	generic := j < len(c.toks) && c.toks[j].tok == token.LBRACK
	if generic {
		j = c.closeOf(j) + 1
	}
	sigStart := j
	for depth := 0; j < len(c.toks); j++ {
		t := c.toks[j].tok
		if t == token.LBRACE && depth == 0 || t == token.SEMICOLON && depth == 0 {
			break
		}
		switch t {
		case token.LPAREN, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACK:
			depth--
		}
	}
	sig := ""
	if !generic && sigStart < len(c.toks) && c.toks[sigStart].tok == token.LPAREN {
		sig = "func" + c.text(sigStart, j)
	}
	if recv == "" {
		c.out.locals = append(c.out.locals, local{names: []string{name}, kind: Function, typ: sig, block: -1})
	}
	params := local{kind: Variable}
	for _, p := range []string{recv, sig} {
		if p != "" {
			params.params = append(params.params, p)
		}
	}
	if len(params.params) > 0 {
		c.pending = append(c.pending, params)
	}
	return j - 1
}

// closeOf returns the index of the bracket that closes the one at token
// i, or the last index when it is not closed.
func (c *cellScan) closeOf(i int) int {
	depth := 0
	for j := i; j < len(c.toks); j++ {
		switch c.toks[j].tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return len(c.toks) - 1
}

// lhsBefore returns the identifiers of "a, b :=" ending before token i.
func (c *cellScan) lhsBefore(i int) []string {
	var names []string
	for j := i - 1; j >= 0 && c.toks[j].tok == token.IDENT; j -= 2 {
		names = append([]string{c.toks[j].lit}, names...)
		if j == 0 || c.toks[j-1].tok != token.COMMA {
			break
		}
	}
	return names
}

// stmtEnd returns the index of the token that ends the statement that
// continues at token i: a semicolon (or newline) outside brackets.
func (c *cellScan) stmtEnd(i int) int {
	depth := 0
	for ; i < len(c.toks); i++ {
		switch c.toks[i].tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
			if depth < 0 {
				return i
			}
		case token.SEMICOLON:
			if depth == 0 {
				return i
			}
		}
	}
	return i
}

// text returns the source of tokens [from, to).
func (c *cellScan) text(from, to int) string {
	if from >= to || from >= len(c.toks) {
		return ""
	}
	end := len(c.src)
	if to < len(c.toks) {
		end = c.toks[to].off
	}
	return c.src[c.toks[from].off:end]
}

// split returns the sources of the comma-separated expressions in tokens
// [from, to).
func (c *cellScan) split(from, to int) []string {
	var out []string
	depth, start := 0, from
	for i := from; i < to; i++ {
		switch c.toks[i].tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.COMMA:
			if depth == 0 {
				out = append(out, c.text(start, i))
				start = i + 1
			}
		}
	}
	if start < to {
		out = append(out, c.text(start, to))
	}
	return out
}

// imports records the import specs after the import keyword at token i
// and returns the index of the last token read.
func (c *cellScan) imports(i int) int {
	grouped := i < len(c.toks) && c.toks[i].tok == token.LPAREN
	if grouped {
		i++
	}
	for ; i < len(c.toks); i++ {
		t := c.toks[i]
		switch t.tok {
		case token.IDENT, token.PERIOD:
			if i+1 < len(c.toks) && c.toks[i+1].tok == token.STRING {
				c.addImport(t.lit, c.toks[i+1].lit)
				i++
			}
		case token.STRING:
			c.addImport("", t.lit)
		case token.SEMICOLON:
			if !grouped {
				return i
			}
		case token.RPAREN:
			return i
		default:
			return i
		}
	}
	return i
}

// addImport records an import of the quoted path lit as name.
func (c *cellScan) addImport(name, lit string) {
	path, err := strconv.Unquote(lit)
	if err != nil || path == "" {
		return
	}
	c.out.imports = append(c.out.imports, cellImport{name: name, path: path})
}

// decl records the type, var or const declaration at token i and
// returns the index of its last token.
func (c *cellScan) decl(i int) int {
	kind := map[token.Token]Kind{token.TYPE: TypeName, token.VAR: Variable, token.CONST: Constant}[c.toks[i].tok]
	i++
	if i < len(c.toks) && c.toks[i].tok == token.LPAREN {
		end := c.stmtEnd(i + 1)
		for j := i + 1; j < end; {
			k := c.stmtEnd(j)
			c.spec(kind, j, k)
			j = k + 1
		}
		return c.stmtEnd(end + 1)
	}
	end := c.stmtEnd(i)
	c.spec(kind, i, end)
	return end
}

// spec records the spec of tokens [from, to) of a var, const or type
// declaration.
func (c *cellScan) spec(kind Kind, from, to int) {
	l := local{kind: kind, block: c.block()}
	i := from
	for ; i < to && c.toks[i].tok == token.IDENT; i++ {
		l.names = append(l.names, c.toks[i].lit)
		if i+1 < to && c.toks[i+1].tok == token.COMMA {
			i++
			continue
		}
		i++
		break
	}
	if len(l.names) == 0 {
		return
	}
	if kind == TypeName {
		if i < to && c.toks[i].tok == token.ASSIGN {
			l.alias = true
			i++
		}
		l.typ = c.text(i, to)
		c.out.locals = append(c.out.locals, l)
		return
	}
	eq := i
	for eq < to && c.toks[eq].tok != token.ASSIGN {
		eq++
	}
	l.typ = c.text(i, eq)
	if eq < to {
		l.exprs = c.split(eq+1, to)
	}
	c.out.locals = append(c.out.locals, l)
}
