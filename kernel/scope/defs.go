package scope

import (
	"go/ast"
	"go/token"
	"go/types"
)

// DefsOf returns the live definitions that the package-level
// declarations of file make: one [Def] per function, method, type,
// variable and constant name, with the object info.Defs records for it,
// its doc comment and its source. src is the text file was parsed from
// (fset holds its positions) and cell the execution count to record.
// Imports, blank names and init functions make none.
//
// A declaration of one spec keeps its keyword in the source (var x = 1);
// a spec of a parenthesized group gets it added (const c = 2 from
// const ( c = 2 )), and its doc comment is the spec's, or else the
// group's.
func DefsOf(fset *token.FileSet, file *ast.File, src []byte, info *types.Info, cell int) []Def {
	tf := fset.File(file.Pos())
	text := func(from, to token.Pos) string {
		if tf == nil {
			return ""
		}
		a, b := tf.Offset(from), tf.Offset(to)
		if a < 0 || b > len(src) || a > b {
			return ""
		}
		return string(src[a:b])
	}
	var out []Def
	add := func(id *ast.Ident, doc *ast.CommentGroup, source string) {
		if id.Name == "_" {
			return
		}
		obj := info.Defs[id]
		if obj == nil {
			return
		}
		out = append(out, Def{Object: obj, Doc: doc.Text(), Source: source, Cell: cell})
	}
	for _, d := range file.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == "init" {
				continue
			}
			add(d.Name, d.Doc, text(d.Pos(), d.End()))
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				continue
			}
			for _, sp := range d.Specs {
				source := text(d.Pos(), d.End())
				if d.Lparen.IsValid() {
					source = d.Tok.String() + " " + text(sp.Pos(), sp.End())
				}
				switch sp := sp.(type) {
				case *ast.ValueSpec:
					for _, id := range sp.Names {
						add(id, firstDoc(sp.Doc, d.Doc), source)
					}
				case *ast.TypeSpec:
					add(sp.Name, firstDoc(sp.Doc, d.Doc), source)
				}
			}
		}
	}
	return out
}

// firstDoc returns a when it is not empty, else b.
func firstDoc(a, b *ast.CommentGroup) *ast.CommentGroup {
	if a != nil && len(a.List) > 0 {
		return a
	}
	return b
}

// ImportsOf returns the import names of file as the type-check recorded
// them in info (Defs for named imports, Implicits for the others), each
// with the package it imported. Blank and dot imports make none.
func ImportsOf(file *ast.File, info *types.Info) []Import {
	var out []Import
	for _, is := range file.Imports {
		var obj types.Object
		if is.Name != nil {
			obj = info.Defs[is.Name]
		} else {
			obj = info.Implicits[is]
		}
		pn, ok := obj.(*types.PkgName)
		if !ok || pn.Name() == "_" || pn.Name() == "." {
			continue
		}
		out = append(out, Import{Name: pn.Name(), Path: pn.Imported().Path(), Package: pn.Imported()})
	}
	return out
}
