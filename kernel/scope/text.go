package scope

import (
	"go/scanner"
	"go/token"
	"unicode"
)

// isIdentRune reports whether r may be part of a Go identifier.
func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// identStart returns the offset of the identifier that ends at end.
func identStart(r []rune, end int) int {
	i := end
	for i > 0 && isIdentRune(r[i-1]) {
		i--
	}
	return i
}

// identEnd returns the offset just after the identifier that contains
// start.
func identEnd(r []rune, start int) int {
	i := start
	for i < len(r) && isIdentRune(r[i]) {
		i++
	}
	return i
}

// isIdent reports whether s is a Go identifier.
func isIdent(s string) bool {
	return token.IsIdentifier(s)
}

// skipSpaceBack returns the offset before the blanks that end at end.
func skipSpaceBack(r []rune, end int) int {
	for end > 0 && (r[end-1] == ' ' || r[end-1] == '\t') {
		end--
	}
	return end
}

// skipBlankBack returns the offset before the blanks, newlines included,
// that end at end.
func skipBlankBack(r []rune, end int) int {
	for end > 0 && unicode.IsSpace(r[end-1]) {
		end--
	}
	return end
}

// operandStart returns the start of the primary expression that ends at
// end (just before a '.'), such as a.b, f(x), xs[i].f or T{1, 2}: a chain
// of identifiers, selectors, calls, index expressions and composite
// literals. It returns end when there is none.
func operandStart(r []rune, end int) int {
	i := end
	for {
		j := skipSpaceBack(r, i)
		switch {
		case j > 0 && isIdentRune(r[j-1]):
			i = identStart(r, j)
			k := skipBlankBack(r, i) // a chain may break lines after its dots
			if k > 0 && r[k-1] == '.' {
				i = k - 1
				continue
			}
			return i
		case j > 0 && (r[j-1] == ')' || r[j-1] == ']' || r[j-1] == '}'):
			open := matchBack(r, j-1)
			if open < 0 {
				return end
			}
			k := skipSpaceBack(r, open)
			if k > 0 && (isIdentRune(r[k-1]) || r[k-1] == ')' || r[k-1] == ']' || r[k-1] == '}') {
				i = k // a call, index or composite literal: its operand comes next
				continue
			}
			if r[open] == '(' {
				return open // a parenthesized expression
			}
			return end
		default:
			if i == end {
				return end
			}
			return i
		}
	}
}

// matchBack returns the offset of the bracket that opens the one at
// close, skipping string and rune literals; -1 when there is none.
func matchBack(r []rune, close int) int {
	depth := 0
	for i := close; i >= 0; i-- {
		switch r[i] {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			depth--
			if depth == 0 {
				return i
			}
		case '"', '`', '\'':
			if i = matchQuoteBack(r, i); i < 0 {
				return -1
			}
		}
	}
	return -1
}

// matchQuoteBack returns the offset of the quote that opens the string or
// rune literal whose closing quote is at close; -1 when there is none on
// its line (raw strings may span lines).
func matchQuoteBack(r []rune, close int) int {
	q := r[close]
	for i := close - 1; i >= 0; i-- {
		switch {
		case r[i] == q && (q == '`' || i == 0 || r[i-1] != '\\'):
			return i
		case r[i] == '\n' && q != '`':
			return -1
		}
	}
	return -1
}

// openCall returns the offset of the innermost '(' that is open at end,
// with a callee before it; -1 when there is none.
func openCall(r []rune, end int) int {
	depth := 0
	for i := end - 1; i >= 0; i-- {
		switch r[i] {
		case ')', ']', '}':
			depth++
		case '[', '{':
			if depth == 0 {
				return -1
			}
			depth--
		case '(':
			if depth == 0 {
				k := skipSpaceBack(r, i)
				if k > 0 && isIdentRune(r[k-1]) {
					return i
				}
				return -1
			}
			depth--
		case '\n':
			if depth == 0 && i < end-1 {
				return -1 // calls rarely span lines: stop at the statement
			}
		}
	}
	return -1
}

// openBrace returns the offset of the innermost '{' that is open at end;
// -1 when there is none.
func openBrace(r []rune, end int) int {
	depth := 0
	for i := end - 1; i >= 0; i-- {
		switch r[i] {
		case ')', ']', '}':
			depth++
		case '(', '[':
			if depth == 0 {
				return -1 // inside a call or index first
			}
			depth--
		case '{':
			if depth == 0 {
				return i
			}
			depth--
		case '"', '`', '\'':
			if j := matchQuoteBack(r, i); j >= 0 {
				i = j
			}
		}
	}
	return -1
}

// inLiteral reports whether the end of src is inside a comment or a
// string or rune literal, where completion offers nothing.
func inLiteral(src string) bool {
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(f, []byte(src), func(token.Position, string) {}, scanner.ScanComments)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return false
		}
		end := f.Offset(pos) + len(lit)
		if end < len(src) {
			continue
		}
		switch tok {
		case token.COMMENT:
			return lit[1] == '/' || len(lit) < 4 || lit[len(lit)-2:] != "*/"
		case token.STRING, token.CHAR:
			q := lit[0]
			return len(lit) < 2 || lit[len(lit)-1] != q || (q != '`' && lit[len(lit)-2] == '\\' && lit[len(lit)-3] != '\\')
		}
		return false
	}
}
