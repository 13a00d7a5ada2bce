package scope

import (
	"go/types"
	"strconv"
	"strings"
)

// Inspect returns the documentation of the identifier at cursor (a rune
// offset into code, clamped to it), of the function whose call's
// parentheses hold the cursor, or of the package whose import path holds
// it, as an inspect_reply data bundle with
// text/plain and text/markdown; found is false when there is none.
//
// For a notebook definition it shows the declaration and the doc comment
// the cell wrote; for a live variable its type, the summary of its value
// and the doc comment of its type; for a field or method its declaration
// and doc comment; for a package or its member what the [Packages]
// provider documents. With detailLevel 1 or more it adds the defining
// cell's source.
func (s *Snapshot) Inspect(code string, cursor, detailLevel int) (data map[string]any, found bool) {
	r := []rune(code)
	cursor = max(0, min(cursor, len(r)))
	if q := importPathStart(r, cursor); q >= 0 {
		end := q
		for end < len(r) && r[end] != '"' && r[end] != '\n' {
			end++
		}
		pg, found := s.packageMember(string(r[q:end]), nil, "")
		if !found {
			return nil, false
		}
		return pg.bundle(), true
	}
	start, end := identStart(r, cursor), identEnd(r, cursor)
	if start == end {
		p := openCall(r, cursor)
		if p < 0 {
			return nil, false
		}
		end = skipSpaceBack(r, p)
		start = identStart(r, end)
	}
	if start == end || (r[start] >= '0' && r[start] <= '9') || inLiteral(string(r[:start])) {
		return nil, false
	}
	name := string(r[start:end])
	var pg page
	if dot := skipBlankBack(r, start); dot > 0 && r[dot-1] == '.' {
		os := operandStart(r, dot-1)
		e := s.newEnv(string(r[:os]))
		pg, found = s.inspectSelector(e, string(r[os:dot-1]), name, detailLevel)
	} else {
		pg, found = s.inspectBare(s.newEnv(string(r[:start])), name, detailLevel)
	}
	if !found {
		return nil, false
	}
	return pg.bundle(), true
}

// inspectBare documents an identifier without a qualifier.
func (s *Snapshot) inspectBare(e *env, name string, detail int) (page, bool) {
	r := e.lookup(name, nil)
	switch {
	case r.path != "":
		return s.packageMember(r.path, r.pkg, "")
	case r.def != nil:
		return s.defPage(r.def, detail), true
	case r.obj == nil:
		return page{}, false
	case r.obj.Parent() == types.Universe:
		if pg, ok := s.packageMember("builtin", nil, name); ok {
			return pg, true
		}
		return page{{kind: goCode, text: s.universeSignature(r.obj)}}, true
	}
	// A name the cell declares before the cursor.
	pg := page{{kind: goCode, text: types.ObjectString(r.obj, s.qualifier)}}
	if _, isVar := r.obj.(*types.Var); isVar {
		pg = append(pg, s.typeDoc(r.obj.Type())...)
	}
	return pg, true
}

// inspectSelector documents name selected on the operand x.
func (s *Snapshot) inspectSelector(e *env, x, name string, detail int) (page, bool) {
	x = strings.TrimSpace(x)
	if isIdent(x) {
		r := e.lookup(x, []string{name})
		if r.path != "" {
			return s.packageMember(r.path, r.pkg, name)
		}
		if r.obj == nil {
			return page{}, false
		}
	}
	tv, err := e.eval(x)
	if err != nil {
		return page{}, false
	}
	obj, index, _ := types.LookupFieldOrMethod(tv.Type, true, s.nb, name)
	if obj == nil {
		return page{}, false
	}
	if d := s.methods[originOf(obj)]; d != nil {
		return s.defPage(d, detail), true
	}
	pg := page{{kind: goCode, text: types.ObjectString(obj, s.qualifier)}}
	n := owner(tv.Type, obj, index)
	if n == nil || n.Obj().Pkg() == nil {
		return pg, true
	}
	tn := n.Obj()
	if tn.Pkg().Path() == s.path {
		// A field of a notebook type: its type's declaration says more.
		if d := s.defs[tn.Name()]; d != nil && d.Object == tn && detail > 0 {
			pg = append(pg, part{label: cellLabel(d.Cell), kind: goCode, text: d.Source})
		}
		return pg, true
	}
	if p, ok := s.packageMember(tn.Pkg().Path(), nil, tn.Name()+"."+name); ok {
		return p, true
	}
	return pg, true
}

// packageMember documents name in the package at path ("" for the package
// itself), from the provider or else from the typed package pkg.
func (s *Snapshot) packageMember(path string, pkg *types.Package, name string) (page, bool) {
	if s.cfg.Packages != nil {
		if decl, doc, ok := s.cfg.Packages.Doc(path, name); ok {
			return page{{kind: goCode, text: decl}, {text: doc}}, true
		}
	}
	if pkg == nil {
		return page{}, false
	}
	if name == "" {
		return page{{kind: goCode, text: "package " + pkg.Name() + " // import " + strconv.Quote(path)}}, true
	}
	if obj := pkg.Scope().Lookup(name); obj != nil && obj.Exported() {
		return page{{kind: goCode, text: types.ObjectString(obj, s.qualifier)}}, true
	}
	return page{}, false
}

// defPage documents a live definition: its declaration, the summary of a
// variable's value, its doc comment, the doc comment of a variable's
// type, and with detail > 0 the cell's source.
func (s *Snapshot) defPage(d *Def, detail int) page {
	obj := d.Object
	decl := types.ObjectString(obj, s.qualifier)
	if _, isType := obj.(*types.TypeName); isType && d.Source != "" {
		decl = d.Source
	}
	pg := page{{kind: goCode, text: decl}}
	_, isVar := obj.(*types.Var)
	if isVar && s.cfg.Summary != nil {
		if sum, ok := s.cfg.Summary(obj.Name()); ok {
			pg = append(pg, part{label: "value", kind: value, text: sum})
		}
	}
	pg = append(pg, part{text: d.Doc})
	if isVar {
		pg = append(pg, s.typeDoc(obj.Type())...)
	}
	if detail > 0 && d.Source != "" && decl != d.Source {
		pg = append(pg, part{label: cellLabel(d.Cell), kind: goCode, text: d.Source})
	}
	return pg
}

// cellLabel names the cell with execution count n.
func cellLabel(n int) string {
	if n <= 0 {
		return "defined in a cell"
	}
	return "defined in cell [" + strconv.Itoa(n) + "]"
}

// typeDoc returns the doc comment of the named type t (or *t) as a part
// labelled with the type; nothing when it has none.
func (s *Snapshot) typeDoc(t types.Type) page {
	for {
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			break
		}
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return nil
	}
	tn := n.Obj()
	label := "type " + types.TypeString(n.Origin(), s.qualifier)
	var doc string
	if tn.Pkg().Path() == s.path {
		if d := s.defs[tn.Name()]; d != nil && d.Object == tn {
			doc = d.Doc
		}
	} else if s.cfg.Packages != nil {
		_, doc, _ = s.cfg.Packages.Doc(tn.Pkg().Path(), tn.Name())
	}
	if strings.TrimSpace(doc) == "" {
		return nil
	}
	return page{{label: label, text: doc}}
}

// page is an inspection's content, rendered as text and as Markdown.
type page []part

// part is a paragraph of a page, with an optional label.
type part struct {
	label string
	kind  partKind
	text  string
}

// partKind is how a part renders in Markdown.
type partKind int

const (
	prose  partKind = iota // as it is
	goCode                 // a Go code block
	value                  // a plain code block
)

// bundle renders pg as an inspect_reply data bundle. In text/plain a
// label precedes its text on the same line, or on a line of its own when
// the text is Go code or spans lines.
func (pg page) bundle() map[string]any {
	var plain, md []string
	for _, p := range pg {
		text := strings.TrimSpace(p.text)
		if text == "" {
			continue
		}
		pt, mt := text, text
		switch p.kind {
		case goCode:
			mt = "```go\n" + text + "\n```"
		case value:
			mt = "```\n" + text + "\n```"
		}
		if p.label != "" {
			if p.kind == goCode || strings.Contains(text, "\n") {
				pt = p.label + ":\n" + text
			} else {
				pt = p.label + ": " + text
			}
			mt = "**" + p.label + "**\n\n" + mt
		}
		plain, md = append(plain, pt), append(md, mt)
	}
	return map[string]any{"text/plain": strings.Join(plain, "\n\n"), "text/markdown": strings.Join(md, "\n\n")}
}
