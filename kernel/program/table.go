package program

import (
	"go/ast"
	"go/token"
	"slices"
	"strconv"

	"github.com/nnbook/nnbook/kernel/cell"
)

// declKind is the kind of a remembered declaration.
type declKind int

const (
	kindImport declKind = iota
	kindConst
	kindVar
	kindType
	kindFunc
	kindMethod
)

// decl is one remembered declaration: a func, a method, an import spec or
// a var, const or type declaration (a parenthesized group stays whole).
type decl struct {
	kind declKind
	// key identifies the declaration: the func name, "T.M" for methods,
	// the import path, or the first name of a var, const or type group.
	key string
	// names are the package-level names it declares (the local name for an
	// import whose name is known).
	names []string
	// src is the declaration's source as the user typed it (empty for
	// imports, which are composed from path and name).
	src string
	// pos is where src (or the import path) starts in its cell.
	pos cell.Pos
	// cell is the cell's execution count, for positions.
	cell int
	// path and name are the import path and explicit name of an import.
	path, name string
}

// newDecls returns the declarations of d, whose source is src[start:end].
func newDecls(d ast.Decl, src string, start, end int, lines *cell.LineIndex, off func(token.Pos) int) []*decl {
	text := src[start:end]
	pos := lines.Position(start)
	switch d := d.(type) {
	case *ast.FuncDecl:
		nd := &decl{kind: kindFunc, key: d.Name.Name, names: []string{d.Name.Name}, src: text, pos: pos}
		if d.Recv != nil && len(d.Recv.List) == 1 {
			nd.kind, nd.names = kindMethod, nil
			nd.key = cell.ReceiverBase(d.Recv.List[0].Type) + "." + d.Name.Name
		}
		if d.Recv == nil && d.Name.Name == "init" {
			nd.key, nd.names = "init "+text, nil
		}
		return []*decl{nd}
	case *ast.GenDecl:
		if d.Tok == token.IMPORT {
			var out []*decl
			for _, sp := range d.Specs {
				is := sp.(*ast.ImportSpec)
				path, err := strconv.Unquote(is.Path.Value)
				if err != nil {
					continue
				}
				nd := &decl{kind: kindImport, key: path, path: path, pos: lines.Position(off(is.Path.Pos()))}
				if is.Name != nil {
					nd.name = is.Name.Name
					nd.pos = lines.Position(off(is.Name.Pos()))
				}
				out = append(out, nd)
			}
			return out
		}
		nd := &decl{src: text, pos: pos}
		switch d.Tok {
		case token.CONST:
			nd.kind = kindConst
		case token.VAR:
			nd.kind = kindVar
		default:
			nd.kind = kindType
		}
		for _, sp := range d.Specs {
			switch sp := sp.(type) {
			case *ast.ValueSpec:
				for _, id := range sp.Names {
					nd.names = append(nd.names, id.Name)
				}
			case *ast.TypeSpec:
				nd.names = append(nd.names, sp.Name.Name)
			}
		}
		nd.key = nd.names[0]
		if slices.ContainsFunc(nd.names, func(n string) bool { return n == "_" }) {
			nd.key = "_ " + text
		}
		return []*decl{nd}
	}
	return nil
}

// declDoc returns the doc comment of d, or nil.
func declDoc(d ast.Decl) *ast.CommentGroup {
	switch d := d.(type) {
	case *ast.FuncDecl:
		return d.Doc
	case *ast.GenDecl:
		return d.Doc
	}
	return nil
}

// table is the set of declarations remembered across cells, in the order
// they were (re)defined. A table is never modified in place: merge returns
// a new one, so a cell that fails to compile changes nothing.
type table struct {
	decls []*decl
}

// merge returns the table with ds added; a declaration replaces the older
// ones with the same key or a shared name. Imports replace imports of the
// same path or the same local name (resolved by name).
func (t *table) merge(ds []*decl, name func(*decl) string) *table {
	replaced := func(old *decl) bool {
		for _, d := range ds {
			if (d.kind == kindImport) != (old.kind == kindImport) {
				continue
			}
			if d.kind == kindImport {
				if d.path == old.path || name(d) == name(old) {
					return true
				}
				continue
			}
			if d.key == old.key && (d.kind == kindMethod) == (old.kind == kindMethod) {
				return true
			}
			for _, n := range d.names {
				if slices.Contains(old.names, n) {
					return true
				}
			}
		}
		return false
	}
	nt := &table{}
	for _, old := range t.decls {
		if !replaced(old) {
			nt.decls = append(nt.decls, old)
		}
	}
	nt.decls = append(nt.decls, ds...)
	return nt
}
