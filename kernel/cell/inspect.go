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
