package scope

import (
	"go/scanner"
	"go/token"
	"strconv"
)

// cellNames is what the code of a cell declares before the cursor.
type cellNames struct {
	// locals are the top-level declarations, in order.
	locals []local
	// inner are the names declared inside blocks (for i := range …,
	// function parameters are not included), for completion only.
	inner []string
	// imports are the cell's import specs, by local name ("" when the
	// spec names none: the package's name, which the path suggests).
	imports []cellImport
}

// local is a top-level declaration of the cell.
type local struct {
	names []string
	kind  Kind
	// typ is the declared type's source ("func(x int) int" for a
	// function); exprs are the initial values' sources. Either may be
	// empty.
	typ   string
	exprs []string
	// alias is true for type T = U.
	alias bool
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
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(f, []byte(src), func(token.Position, string) {}, 0)
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, tok{off: f.Offset(pos), tok: t, lit: lit})
	}
	c := &cellScan{src: src, toks: toks}
	c.run()
	return c.out
}

// cellScan walks the tokens of a cell.
type cellScan struct {
	src  string
	toks []tok
	out  cellNames
}

// run records the declarations.
func (c *cellScan) run() {
	depth := 0
	stmtStart := true
	for i := 0; i < len(c.toks); i++ {
		t := c.toks[i]
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth = max(0, depth-1)
		case token.IMPORT:
			if depth == 0 {
				i = c.imports(i + 1)
				stmtStart = true
				continue
			}
		case token.FUNC, token.TYPE, token.VAR, token.CONST:
			if depth == 0 && stmtStart {
				i = c.decl(i)
				stmtStart = true
				continue
			}
			if t.tok != token.FUNC && i+1 < len(c.toks) && c.toks[i+1].tok == token.IDENT {
				c.out.inner = append(c.out.inner, c.toks[i+1].lit)
			}
		case token.DEFINE:
			lhs := c.lhsBefore(i)
			if depth == 0 && stmtStart {
				end := c.stmtEnd(i + 1)
				c.out.locals = append(c.out.locals, local{names: lhs, kind: Variable, exprs: c.split(i+1, end)})
				i = end
				stmtStart = true
				continue
			}
			c.out.inner = append(c.out.inner, lhs...)
		}
		stmtStart = t.tok == token.SEMICOLON || t.tok == token.LBRACE || t.tok == token.RBRACE ||
			(stmtStart && t.tok == token.IDENT && i+1 < len(c.toks) && (c.toks[i+1].tok == token.COMMA || c.toks[i+1].tok == token.DEFINE)) ||
			(stmtStart && t.tok == token.COMMA)
	}
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

// decl records the top-level declaration starting at token i and returns
// the index of its last token.
func (c *cellScan) decl(i int) int {
	kw := c.toks[i].tok
	if kw == token.FUNC {
		if i+1 >= len(c.toks) || c.toks[i+1].tok != token.IDENT {
			return c.stmtEnd(i + 1) // a method or a function literal statement
		}
		name := c.toks[i+1].lit
		// The signature runs up to the body's brace.
		j := i + 2
		depth := 0
		for ; j < len(c.toks); j++ {
			t := c.toks[j].tok
			if t == token.LBRACE && depth == 0 {
				break
			}
			switch t {
			case token.LPAREN, token.LBRACK:
				depth++
			case token.RPAREN, token.RBRACK:
				depth--
			}
		}
		l := local{names: []string{name}, kind: Function}
		if i+2 < len(c.toks) && c.toks[i+2].tok == token.LPAREN {
			l.typ = "func" + c.text(i+2, j)
		}
		c.out.locals = append(c.out.locals, l)
		return c.stmtEnd(j)
	}
	kind := map[token.Token]Kind{token.TYPE: TypeName, token.VAR: Variable, token.CONST: Constant}[kw]
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
	l := local{kind: kind}
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
