package program

import (
	"go/ast"
	goimporter "go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"sync"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/scope"
)

// scopeState is what the program executor supplies to completion and
// inspection: the scope of its remembered declarations, type-checked
// after each cell that changed them.
type scopeState struct {
	// mu guards the fields below and serializes the checks.
	mu   sync.Mutex
	snap *scope.Snapshot
	// of is the table snap was made of.
	of   *table
	fset *token.FileSet
	imp  *cachedImporter
}

// Complete returns the completions at cursor from the remembered
// declarations: see [scope.Snapshot.Complete].
func (s *Session) Complete(code string, cursor int) contract.Completion {
	c := s.scopeSnapshot().Complete(code, cursor)
	return contract.Completion{Matches: c.Matches, Start: c.Start, End: c.End, Metadata: c.Metadata()}
}

// Inspect returns the documentation of the symbol at cursor from the
// remembered declarations: see [scope.Snapshot.Inspect].
func (s *Session) Inspect(code string, cursor, detailLevel int) (map[string]any, bool) {
	return s.scopeSnapshot().Inspect(code, cursor, detailLevel)
}

// scopeSnapshot returns the scope of the current declarations, checking
// them when a cell changed them since the last check.
func (s *Session) scopeSnapshot() *scope.Snapshot {
	t := s.snapshot()
	sc := &s.scope
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.snap == nil || sc.of != t {
		sc.snap, sc.of = s.checkScope(t), t
	}
	return sc.snap
}

// checkScope type-checks the declarations of t as one package, as the
// next cell sees them, and returns their scope. Errors (an import the
// importer cannot load) leave the affected types invalid; the rest of the
// scope stays. s.scope.mu must be held.
func (s *Session) checkScope(t *table) *scope.Snapshot {
	sc := &s.scope
	if sc.fset == nil {
		sc.fset = token.NewFileSet()
		sc.imp = &cachedImporter{imp: goimporter.ForCompiler(sc.fset, "source", nil).(types.ImporterFrom), pkgs: map[string]cachedPackage{}}
	}
	var b strings.Builder
	b.WriteString("package nb\n")
	type span struct{ start, end, cell int }
	var spans []span
	for _, d := range t.decls {
		if d.kind == kindImport {
			name := d.name
			if name == "" {
				name = importName(d, s.index)
			}
			b.WriteString("import " + name + " " + strconv.Quote(d.path) + "\n")
			continue
		}
		start := b.Len()
		b.WriteString(d.src)
		spans = append(spans, span{start, b.Len(), d.cell})
		b.WriteString("\n")
	}
	src := b.String()
	f, _ := parser.ParseFile(sc.fset, "declarations", src, parser.ParseComments|parser.SkipObjectResolution)
	cfg := scope.Config{Packages: s.Packages(), Magics: []string{"%%"}}
	if f == nil {
		return scope.New(cfg)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{}}
	conf := types.Config{Importer: sc.imp, Error: func(error) {}}
	conf.Check("nb", sc.fset, []*ast.File{f}, info)
	tf := sc.fset.File(f.Pos())
	for _, d := range scope.DefsOf(sc.fset, f, []byte(src), info, 0) {
		off := tf.Offset(d.Object.Pos())
		for _, sp := range spans {
			if sp.start <= off && off < sp.end {
				d.Cell = sp.cell
			}
		}
		cfg.Defs = append(cfg.Defs, d)
	}
	for _, is := range f.Imports {
		if pn := info.PkgNameOf(is); pn != nil {
			cfg.Imports = append(cfg.Imports, scope.Import{Name: pn.Name(), Path: pn.Imported().Path(), Package: pn.Imported()})
		}
	}
	return scope.New(cfg)
}

// cachedImporter remembers what its importer returned, errors included,
// so that a package that does not load costs once.
type cachedImporter struct {
	imp  types.ImporterFrom
	pkgs map[string]cachedPackage
}

type cachedPackage struct {
	pkg *types.Package
	err error
}

func (c *cachedImporter) Import(path string) (*types.Package, error) {
	return c.ImportFrom(path, "", 0)
}

func (c *cachedImporter) ImportFrom(path, dir string, mode types.ImportMode) (*types.Package, error) {
	if p, ok := c.pkgs[path]; ok {
		return p.pkg, p.err
	}
	pkg, err := c.imp.ImportFrom(path, dir, mode)
	c.pkgs[path] = cachedPackage{pkg, err}
	return pkg, err
}
