package program

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/nnbook/nnbook/kernel/cell"
)

// mainName is what a cell's func main is renamed to: the composed main
// calls it through the harness. It has the length of "main", so columns on
// the renamed line do not move.
const mainName = "_nbm"

// importer answers the questions composition asks about packages.
type importer interface {
	// PackageName returns the name of the package at an import path.
	PackageName(path string) string
	// Resolve returns the path of the one package named name that exports
	// all of sels.
	Resolve(name string, sels []string) (path string, ok bool)
}

// program is a composed main.go.
type program struct {
	src []byte
	pos posMap
	// added are the imports added automatically, to remember with the
	// cell's declarations.
	added []*decl
}

// lineWriter accumulates a file, before formatting, and where its lines
// come from.
type lineWriter struct {
	b     strings.Builder
	lines []rawLine
}

// rawLine is where one line of an unformatted file comes from: the cell
// column of a byte is its file column plus Shift. Cell is 0 for generated
// lines.
type rawLine struct {
	Cell, Line, Shift int
}

// gen writes a generated line.
func (w *lineWriter) gen(line string) {
	w.b.WriteString(line)
	w.b.WriteByte('\n')
	w.lines = append(w.lines, rawLine{})
}

// verbatim writes text, which starts at p in its cell, at column 1.
func (w *lineWriter) verbatim(text string, p cell.Pos) {
	for i, line := range strings.Split(text, "\n") {
		o := rawLine{Cell: p.Cell, Line: p.Line + i}
		if i == 0 {
			o.Shift = p.Col - 1
		}
		w.b.WriteString(line)
		w.b.WriteByte('\n')
		w.lines = append(w.lines, o)
	}
}

// compose writes the program for cell number n: the declarations of t
// (which already include the cell's), then a main that runs the cell's
// statements or its func main. Imports the code uses but does not import
// are added when imp finds exactly one package for them; imports it does
// not use are left out. The result is formatted with go/format.
func compose(t *table, pc *parsedCell, n int, imp importer) *program {
	var body lineWriter
	for _, d := range t.decls {
		if d.kind == kindImport {
			continue
		}
		body.verbatim(d.src, cell.Pos{Cell: d.cell, Line: d.pos.Line, Col: d.pos.Col})
		body.gen("")
	}
	switch {
	case pc.main != nil:
		body.gen("func main() { nnbookRunCell(" + mainName + ") }")
		body.gen("")
		body.verbatim(pc.main.src, cell.Pos{Cell: n, Line: pc.main.pos.Line, Col: pc.main.pos.Col})
	case pc.runs:
		body.gen("func main() {")
		body.gen("\tnnbookRunCell(func() {")
		lines := strings.Split(pc.body, "\n")
		first := slices.IndexFunc(lines, func(l string) bool { return strings.TrimSpace(l) != "" })
		last := len(lines) - 1
		for last >= 0 && strings.TrimSpace(lines[last]) == "" {
			last--
		}
		if first >= 0 {
			body.verbatim(strings.Join(lines[first:last+1], "\n"), cell.Pos{Cell: n, Line: first + 1, Col: 1})
		}
		for _, v := range pc.bodyVars {
			body.gen("\t\t_ = " + v)
		}
		body.gen("\t})")
		body.gen("}")
	default:
		body.gen("func main() {}")
	}

	// Choose the imports from what the code refers to.
	byName := map[string]*decl{}
	var always []*decl
	for _, d := range t.decls {
		if d.kind != kindImport {
			continue
		}
		switch name := importName(d, imp); name {
		case "_", ".":
			always = append(always, d)
		default:
			byName[name] = d
		}
	}
	p := &program{}
	used := always
	refs, ok := packageRefs("package main\n" + body.b.String())
	if !ok { // a syntax error the compiler will report: keep every import
		for _, d := range byName {
			used = append(used, d)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(refs)) {
		if d, ok := byName[name]; ok {
			used = append(used, d)
			continue
		}
		if path, ok := imp.Resolve(name, refs[name]); ok {
			d := &decl{kind: kindImport, key: path, path: path, cell: n}
			p.added = append(p.added, d)
			used = append(used, d)
		}
	}
	slices.SortFunc(used, func(a, b *decl) int { return strings.Compare(a.path, b.path) })
	used = slices.CompactFunc(used, func(a, b *decl) bool { return a.path == b.path && a.name == b.name })

	var w lineWriter
	w.gen("package main")
	w.gen("")
	if len(used) > 0 {
		w.gen("import (")
		for _, d := range used {
			spec := "\t" + strconv.Quote(d.path)
			if d.name != "" {
				spec = "\t" + d.name + " " + strconv.Quote(d.path)
			}
			w.b.WriteString(spec + "\n")
			o := rawLine{}
			if d.pos.Line > 0 {
				o = rawLine{Cell: d.cell, Line: d.pos.Line, Shift: d.pos.Col - 2}
			}
			w.lines = append(w.lines, o)
		}
		w.gen(")")
		w.gen("")
	}
	w.b.WriteString(body.b.String())
	w.lines = append(w.lines, body.lines...)
	p.src, p.pos = formatProgram(w.b.String(), w.lines)
	return p
}

// importName is the local name of an import.
func importName(d *decl, imp importer) string {
	if d.name != "" {
		return d.name
	}
	return imp.PackageName(d.path)
}

// packageRefs returns, for each identifier x that src uses as x.Sel without
// declaring x, the selectors used with it. ok is false when src does not
// parse.
func packageRefs(src string) (refs map[string][]string, ok bool) {
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", src, 0)
	if err != nil {
		return nil, false
	}
	unresolved := map[*ast.Ident]bool{}
	for _, id := range f.Unresolved {
		unresolved[id] = true
	}
	refs = map[string][]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		if se, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := se.X.(*ast.Ident); ok && unresolved[x] && !slices.Contains(refs[x.Name], se.Sel.Name) {
				refs[x.Name] = append(refs[x.Name], se.Sel.Name)
			}
		}
		return true
	})
	return refs, true
}
