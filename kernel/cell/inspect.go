package cell

import (
	"bytes"
	"cmp"
	"go/ast"
	"go/doc"
	"go/printer"
	"slices"
	"strings"
)

// Inspect returns the documentation of the identifier at cursor (a rune
// offset into code): for pkg.Name, the declaration and doc comment of Name
// in the package the cell refers to as pkg (see [Session.Complete]); for a
// bare name, the notebook's declaration of it, a package's overview, or
// the documentation of a predeclared identifier. The bundle holds
// text/plain and text/markdown.
func (s *Session) Inspect(code string, cursor, detailLevel int) (data map[string]any, found bool) {
	runes := []rune(code)
	cursor = max(0, min(cursor, len(runes)))
	start := identStart(runes, cursor)
	end := identEnd(runes, cursor)
	if start == end && start > 0 && runes[start-1] == '(' {
		// Inside "f(": inspect f.
		end = start - 1
		start = identStart(runes, end)
	}
	name := string(runes[start:end])
	if name == "" {
		return nil, false
	}
	var sig, text string
	if start > 0 && runes[start-1] == '.' {
		x := string(runes[identStart(runes, start-1) : start-1])
		p := s.packageOf(x, code)
		if p == nil {
			return nil, false
		}
		sig, text, found = p.lookup(name)
	} else {
		sig, text, found = s.lookupBare(name, code)
	}
	if !found {
		return nil, false
	}
	plain := sig
	md := "```go\n" + sig + "\n```"
	if text != "" {
		plain += "\n\n" + text
		md += "\n\n" + text
	}
	return map[string]any{"text/plain": plain, "text/markdown": md}, true
}

// lookupBare documents a name without a qualifier.
func (s *Session) lookupBare(name, code string) (sig, text string, ok bool) {
	for _, d := range s.snapshot().decls {
		if d.kind != kindImport && d.kind != kindMethod && slices.Contains(d.names, name) {
			return strings.TrimSpace(d.src), "", true
		}
	}
	if p := s.packageOf(name, code); p != nil {
		return "package " + p.name + " // import \"" + p.path + "\"", strings.TrimSpace(p.doc.Doc), true
	}
	if p := s.index.load("builtin"); p != nil {
		return p.lookup(name)
	}
	return "", "", false
}

// lookup returns the declaration and the doc comment of the package-level
// name in p, or of the method or field "T.M" of its type T.
func (p *pkgInfo) lookup(name string) (sig, text string, ok bool) {
	d := p.doc
	show := func(node any, docText string) (string, string, bool) {
		var b bytes.Buffer
		if fd, ok := node.(*ast.FuncDecl); ok {
			c := *fd
			c.Body, c.Doc = nil, nil
			node = &c
		}
		if gd, ok := node.(*ast.GenDecl); ok {
			c := *gd
			c.Doc = nil
			node = &c
		}
		if err := (&printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}).Fprint(&b, p.fset, node); err != nil {
			return "", "", false
		}
		return b.String(), strings.TrimSpace(docText), true
	}
	values := func(vs []*doc.Value) (*doc.Value, bool) {
		for _, v := range vs {
			if slices.Contains(v.Names, name) {
				return v, true
			}
		}
		return nil, false
	}
	for _, f := range d.Funcs {
		if f.Name == name {
			return show(f.Decl, f.Doc)
		}
	}
	if v, ok := values(d.Consts); ok {
		return show(v.Decl, v.Doc)
	}
	if v, ok := values(d.Vars); ok {
		return show(v.Decl, v.Doc)
	}
	typeName, member, dotted := strings.Cut(name, ".")
	for _, t := range d.Types {
		if t.Name == name {
			return show(t.Decl, t.Doc)
		}
		if dotted && t.Name == typeName {
			if f, isMethod := fieldOf(t, member); f != nil {
				typ, text, ok := show(f.Type, cmp.Or(f.Doc, f.Comment).Text())
				if isMethod {
					return "func (" + t.Name + ") " + member + strings.TrimPrefix(typ, "func"), text, ok
				}
				return "field " + member + " " + typ, text, ok
			}
			for _, f := range t.Methods {
				if f.Name == member {
					return show(f.Decl, f.Doc)
				}
			}
		}
		for _, f := range t.Funcs {
			if f.Name == name {
				return show(f.Decl, f.Doc)
			}
		}
		if v, ok := values(t.Consts); ok {
			return show(v.Decl, v.Doc)
		}
		if v, ok := values(t.Vars); ok {
			return show(v.Decl, v.Doc)
		}
	}
	return "", "", false
}
