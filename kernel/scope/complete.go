package scope

import (
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// Completion is the answer to a complete_request.
type Completion struct {
	// Matches are the texts that may replace code[Start:End], sorted.
	Matches []string
	// Start and End are offsets in runes (Unicode code points) of the
	// cell's code: the identifier before the cursor, which the matches
	// replace. With no matches they are the cursor.
	Start, End int
	// Items describe the matches, in the same order.
	Items []Item
}

// Item is one completion match.
type Item struct {
	Text string
	Kind Kind
	// Signature is the match's type or declaration in the user's terms
	// ("func(x int) int", "*model.Sequential"); empty when unknown.
	Signature string
}

// Metadata returns the complete_reply metadata that describes the
// matches: "_jupyter_types_experimental", a list of {start, end, text,
// type, signature}, which JupyterLab shows beside each match.
func (c Completion) Metadata() map[string]any {
	items := make([]any, len(c.Items))
	for i, it := range c.Items {
		items[i] = map[string]any{"start": c.Start, "end": c.End, "text": it.Text, "type": string(it.Kind), "signature": it.Signature}
	}
	return map[string]any{"_jupyter_types_experimental": items}
}

// Complete returns the completions of the identifier that ends at cursor,
// a rune offset into code (clamped to it), by prefix. After "x." they are
// the fields and methods of x's type, or the members of the package x
// names; after a % that begins a line, the executor's magics; otherwise
// the names in scope. See the package documentation. Inside comments and
// string literals there are none.
func (s *Snapshot) Complete(code string, cursor int) Completion {
	r := []rune(code)
	cursor = max(0, min(cursor, len(r)))
	start := identStart(r, cursor)
	c := Completion{Start: start, End: cursor}
	if q := importPathStart(r, cursor); q >= 0 {
		return s.importPaths(string(r[q:cursor]), q, cursor)
	}
	before := string(r[:start])
	if inLiteral(before) || (start < cursor && r[start] >= '0' && r[start] <= '9') {
		return c
	}
	if m := magicStart(r, start); m >= 0 {
		c.Start = m
		word := string(r[m:cursor])
		for _, name := range s.cfg.Magics {
			if strings.HasPrefix(name, word) {
				c.Matches = append(c.Matches, name)
				c.Items = append(c.Items, Item{Text: name, Kind: Magic})
			}
		}
		return c
	}
	prefix := string(r[start:cursor])
	var items []Item
	if dot := skipBlankBack(r, start); dot > 0 && r[dot-1] == '.' {
		e := s.newEnv(string(r[:operandStart(r, dot-1)]))
		items = s.selectorItems(e, string(r[operandStart(r, dot-1):dot-1]), prefix)
	} else {
		e := s.newEnv(before)
		items = s.bareItems(e, prefix)
		items = s.literalKeys(e, r, start, prefix, items)
	}
	slices.SortFunc(items, func(a, b Item) int { return strings.Compare(a.Text, b.Text) })
	for _, it := range items {
		c.Matches = append(c.Matches, it.Text)
	}
	c.Items = items
	return c
}

// importPaths completes the import path prefix, which starts at rune
// offset start, from the provider's paths.
func (s *Snapshot) importPaths(prefix string, start, end int) Completion {
	c := Completion{Start: start, End: end}
	pl, ok := s.cfg.Packages.(PathLister)
	if !ok {
		return c
	}
	for _, p := range pl.Paths() {
		if strings.HasPrefix(p, prefix) {
			c.Matches = append(c.Matches, p)
			c.Items = append(c.Items, Item{Text: p, Kind: Package})
		}
	}
	return c
}

// importPathStart returns the offset just after the quote that opens the
// import path the cursor is in (import "fm|, import m "ma|, or a line of
// an import group); -1 when the cursor is in no import path.
func importPathStart(r []rune, cursor int) int {
	q := cursor - 1
	for q >= 0 && r[q] != '"' && r[q] != '\n' {
		q--
	}
	if q < 0 || r[q] != '"' || !inLiteral(string(r[:cursor])) {
		return -1
	}
	// Back over the specs of an open group to the import keyword.
	toks := scanTokens(string(r[:q]))
	for i := len(toks) - 1; i >= 0; i-- {
		switch toks[i].tok {
		case token.IMPORT:
			return q + 1
		case token.LPAREN:
			if i > 0 && toks[i-1].tok == token.IMPORT {
				return q + 1
			}
			return -1
		case token.SEMICOLON, token.STRING, token.IDENT, token.PERIOD:
		default:
			return -1
		}
	}
	return -1
}

// magicStart returns the offset of the % signs before start when they
// begin a line; -1 otherwise.
func magicStart(r []rune, start int) int {
	m := start
	for m > 0 && r[m-1] == '%' {
		m--
	}
	if m == start {
		return -1
	}
	for i := m; i > 0 && r[i-1] != '\n'; i-- {
		if r[i-1] != ' ' && r[i-1] != '\t' {
			return -1
		}
	}
	return m
}

// selectorItems returns the completions of prefix after x, a selector's
// operand.
func (s *Snapshot) selectorItems(e *env, x, prefix string) []Item {
	x = strings.TrimSpace(x)
	if x == "" {
		return nil
	}
	var items []Item
	add := func(obj types.Object) {
		if strings.HasPrefix(obj.Name(), prefix) {
			items = append(items, s.item(obj))
		}
	}
	if isIdent(x) {
		r := e.lookup(x, nil)
		switch {
		case r.path != "":
			return s.packageItems(r.path, r.pkg, prefix)
		case r.obj == nil:
			return nil
		}
	}
	tv, err := e.eval(x)
	if err != nil {
		return nil
	}
	for _, obj := range s.selectable(tv.Type, tv.Addressable() || isVar(e, x), tv.IsType()) {
		add(obj)
	}
	return items
}

// isVar reports whether x names a variable, which is addressable even
// when go/types evaluates it as a value.
func isVar(e *env, x string) bool {
	if !isIdent(x) {
		return false
	}
	_, isV := e.lookup(x, nil).obj.(*types.Var)
	return isV
}

// packageItems returns the members of the package at path that start
// with prefix: the provider's when it knows the package, or else those of
// the typed package pkg.
func (s *Snapshot) packageItems(path string, pkg *types.Package, prefix string) []Item {
	var items []Item
	if s.cfg.Packages != nil {
		if ms, ok := s.cfg.Packages.Members(path); ok {
			for _, m := range ms {
				if strings.HasPrefix(m.Name, prefix) {
					it := Item{Text: m.Name, Kind: m.Kind}
					if pkg != nil {
						if obj := pkg.Scope().Lookup(m.Name); obj != nil {
							it = s.item(obj)
						}
					}
					items = append(items, it)
				}
			}
			return items
		}
	}
	if pkg == nil {
		return nil
	}
	for _, name := range pkg.Scope().Names() {
		if token.IsExported(name) && strings.HasPrefix(name, prefix) {
			items = append(items, s.item(pkg.Scope().Lookup(name)))
		}
	}
	return items
}

// bareItems returns the names in scope that start with prefix. Names of
// the cell shadow live definitions, which shadow import names, which
// shadow package names and predeclared identifiers.
func (s *Snapshot) bareItems(e *env, prefix string) []Item {
	found := map[string]Item{}
	put := func(name string, it func() Item) {
		if name != "_" && strings.HasPrefix(name, prefix) {
			found[name] = it()
		}
	}
	for _, name := range types.Universe.Names() {
		put(name, func() Item {
			obj := types.Universe.Lookup(name)
			return Item{Text: name, Kind: kindOf(obj), Signature: s.universeSignature(obj)}
		})
	}
	for _, kw := range keywords() {
		put(kw, func() Item { return Item{Text: kw, Kind: Keyword} })
	}
	if s.cfg.Packages != nil {
		for _, name := range s.cfg.Packages.Names() {
			put(name, func() Item { return Item{Text: name, Kind: Package} })
		}
	}
	for name, im := range s.imports {
		put(name, func() Item { return Item{Text: name, Kind: Package, Signature: importDecl(name, im.Path)} })
	}
	for name, path := range e.cellImports {
		put(name, func() Item { return Item{Text: name, Kind: Package, Signature: importDecl(name, path)} })
	}
	for name, d := range s.defs {
		put(name, func() Item { return s.item(d.Object) })
	}
	for name, kind := range e.localKinds {
		put(name, func() Item {
			it := Item{Text: name, Kind: kind}
			if _, obj := e.inner.LookupParent(name, e.next-1); obj != nil && obj.Type() != types.Typ[types.Invalid] {
				it = s.item(obj)
				it.Kind = kind
			}
			return it
		})
	}
	items := make([]Item, 0, len(found))
	for _, it := range found {
		items = append(items, it)
	}
	return items
}

// literalKeys adds to items the fields of the struct type whose
// composite literal holds a key at start (T{a: 1, |), which shadow names
// in scope.
func (s *Snapshot) literalKeys(e *env, r []rune, start int, prefix string, items []Item) []Item {
	k := skipBlankBack(r, start)
	if k == 0 || (r[k-1] != '{' && r[k-1] != ',') {
		return items
	}
	brace := openBrace(r, start)
	if brace < 0 {
		return items
	}
	x := strings.TrimSpace(string(r[operandStart(r, brace):brace]))
	if x == "" {
		return items
	}
	t, ok := e.typeOf(x)
	if !ok {
		return items
	}
	if p, isPtr := t.Underlying().(*types.Pointer); isPtr {
		t = p.Elem() // &T{ is checked as T{
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return items
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		if !strings.HasPrefix(f.Name(), prefix) || (!f.Exported() && (f.Pkg() == nil || f.Pkg().Path() != s.path)) {
			continue
		}
		items = slices.DeleteFunc(items, func(it Item) bool { return it.Text == f.Name() })
		items = append(items, s.item(f))
	}
	return items
}

// importDecl returns the import spec of path as name.
func importDecl(name, path string) string {
	return "import " + name + " " + `"` + path + `"`
}

// item returns the completion item of obj.
func (s *Snapshot) item(obj types.Object) Item {
	it := Item{Text: obj.Name(), Kind: kindOf(obj)}
	switch obj.(type) {
	case *types.TypeName:
		it.Signature = types.TypeString(obj.Type().Underlying(), s.qualifier)
	case *types.PkgName:
	default:
		it.Signature = types.TypeString(obj.Type(), s.qualifier)
	}
	return it
}

// universeSignature describes a predeclared object.
func (s *Snapshot) universeSignature(obj types.Object) string {
	switch obj.(type) {
	case *types.Builtin, *types.Nil:
		return ""
	case *types.TypeName:
		return "type " + obj.Name()
	}
	return types.TypeString(obj.Type(), nil)
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
