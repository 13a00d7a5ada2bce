package cell

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Complete returns the names that complete the identifier ending at cursor
// (a rune offset into code), by prefix. After "pkg." they are the exported
// names of the package the cell imports as pkg or, when it imports none,
// of the package that automatic imports would add. Otherwise they are the
// notebook's declarations, the names the cell declares, imported and
// standard package names, Go's keywords and predeclared identifiers.
func (s *Session) Complete(code string, cursor int) (matches []string, start, end int) {
	runes := []rune(code)
	cursor = max(0, min(cursor, len(runes)))
	start = identStart(runes, cursor)
	prefix := string(runes[start:cursor])
	if start > 0 && runes[start-1] == '.' {
		x := string(runes[identStart(runes, start-1) : start-1])
		if p := s.packageOf(x, code); p != nil {
			for _, n := range p.exports {
				if strings.HasPrefix(n, prefix) {
					matches = append(matches, n)
				}
			}
		}
		return matches, start, cursor
	}
	var names []string
	names = append(names, keywords()...)
	names = append(names, types.Universe.Names()...)
	for _, d := range s.snapshot().decls {
		if d.kind == kindImport {
			names = append(names, importName(d, s.index))
		}
		names = append(names, d.names...)
	}
	for _, is := range cellImports(code) {
		names = append(names, is.name)
	}
	names = append(names, declaredInCell(code)...)
	names = append(names, s.index.stdNames()...)
	for _, n := range names {
		if strings.HasPrefix(n, prefix) && n != prefix && n != "_" {
			matches = append(matches, n)
		}
	}
	slices.Sort(matches)
	return slices.Compact(matches), start, cursor
}

// snapshot returns the current declarations.
func (s *Session) snapshot() *table {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.decls
}

// packageOf returns the package that name x refers to in code: one the
// cell or the notebook imports under that name, or else the one automatic
// imports would choose. Nil when x is no package.
func (s *Session) packageOf(x, code string) *pkgInfo {
	if x == "" {
		return nil
	}
	for _, is := range cellImports(code) {
		if is.name == x {
			return s.index.load(is.path)
		}
	}
	for _, d := range s.snapshot().decls {
		if d.kind == kindImport && importName(d, s.index) == x {
			return s.index.load(d.path)
		}
		if slices.Contains(d.names, x) {
			return nil // a notebook declaration shadows packages
		}
	}
	path, ok := s.index.resolve(x, nil)
	if !ok {
		return nil
	}
	return s.index.load(path)
}

// cellImport is an import spec of a cell.
type cellImport struct{ name, path string }

// cellImports returns the imports at the top of code, named by their local
// name (the package's name when the spec has none).
func cellImports(code string) []cellImport {
	f, err := parser.ParseFile(token.NewFileSet(), "cell", "package main;"+code, parser.ImportsOnly)
	if f == nil {
		return nil
	}
	_ = err // a partial parse still lists the imports before the error
	var out []cellImport
	for _, is := range f.Imports {
		path, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			continue
		}
		name := guessName(path)
		if is.Name != nil {
			name = is.Name.Name
		}
		out = append(out, cellImport{name: name, path: path})
	}
	return out
}

// declaredInCell returns the names code declares: identifiers after func,
// type, var or const, and before :=.
func declaredInCell(code string) []string {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), nil, 0)
	var names []string
	prev := token.ILLEGAL
	prevLit := ""
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.IDENT {
			switch prev {
			case token.FUNC, token.TYPE, token.VAR, token.CONST:
				names = append(names, lit)
			}
		}
		if tok == token.DEFINE && prev == token.IDENT {
			names = append(names, prevLit)
		}
		prev, prevLit = tok, lit
	}
	return names
}

// keywords returns Go's keywords.
func keywords() []string {
	var kw []string
	for t := token.BREAK; t <= token.VAR; t++ {
		if t.IsKeyword() {
			kw = append(kw, t.String())
		}
	}
	return kw
}

// identStart returns the offset of the identifier that ends at end.
func identStart(runes []rune, end int) int {
	i := end
	for i > 0 && isIdentRune(runes[i-1]) {
		i--
	}
	return i
}

// identEnd returns the offset just after the identifier that contains
// start.
func identEnd(runes []rune, start int) int {
	i := start
	for i < len(runes) && isIdentRune(runes[i]) {
		i++
	}
	return i
}

func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}
