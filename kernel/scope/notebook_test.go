package scope_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/scope"
)

// notebook builds live definitions the way the live executor does: each
// cell is a file of package path "nb", type-checked with go/types in a
// package whose scope holds the objects of earlier cells, and whose
// imports include the earlier cells' imports.
type notebook struct {
	t       testing.TB
	imp     types.Importer // nil: the standard library's
	fset    *token.FileSet
	defs    []scope.Def
	imports []scope.Import
	n       int
}

var (
	sharedImporter = sync.OnceValue(func() types.Importer { return importer.ForCompiler(token.NewFileSet(), "gc", nil) })
	importerMu     sync.Mutex
	sharedIndex    = sync.OnceValue(func() *cell.ImportIndex {
		out, err := exec.Command("go", "env", "GOROOT", "GOMODCACHE").Output()
		if err != nil {
			panic("go env: " + err.Error())
		}
		env := strings.Split(strings.TrimSpace(string(out)), "\n")
		return cell.NewImportIndex(env[0], env[1], "../..")
	})
)

// lockedImporter makes the shared importer safe for concurrent use.
type lockedImporter struct{}

func (lockedImporter) Import(path string) (*types.Package, error) {
	importerMu.Lock()
	defer importerMu.Unlock()
	return sharedImporter().Import(path)
}

func newNotebook(t testing.TB, cells ...string) *notebook {
	t.Helper()
	nb := &notebook{t: t, fset: token.NewFileSet()}
	for _, c := range cells {
		nb.run(c)
	}
	return nb
}

// check type-checks src (a cell: imports, then declarations) against the
// live definitions and returns the file, its source, the info and the
// messages of its errors.
func (nb *notebook) check(src string) (*ast.File, string, *types.Info, *types.Package, []types.Error) {
	nb.t.Helper()
	var b strings.Builder
	b.WriteString("package nb\n")
	for _, im := range nb.imports {
		b.WriteString("import " + im.Name + " \"" + im.Path + "\"\n")
	}
	b.WriteString(src)
	text := b.String()
	f, err := parser.ParseFile(nb.fset, "cell.go", text, parser.ParseComments)
	if err != nil {
		nb.t.Fatalf("parse %q: %v", src, err)
	}
	pkg := types.NewPackage("nb", "")
	for i := len(nb.defs) - 1; i >= 0; i-- { // later definitions win
		d := nb.defs[i]
		if _, isFunc := d.Object.(*types.Func); !isFunc || d.Object.(*types.Func).Signature().Recv() == nil {
			pkg.Scope().Insert(d.Object)
		}
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	var errs []types.Error
	var imp types.Importer = lockedImporter{}
	if nb.imp != nil {
		imp = nb.imp
	}
	conf := types.Config{Importer: imp, Error: func(err error) {
		// As in the live executor: earlier imports need not be used, and
		// each check is a package of its own, so go/types takes the
		// lower-case fields of earlier cells' types for another package's
		// in positional literals.
		if te := err.(types.Error); !strings.HasSuffix(te.Msg, "and not used") &&
			!strings.Contains(te.Msg, "implicit assignment to unexported field") {
			errs = append(errs, te)
		}
	}}
	_ = types.NewChecker(&conf, nb.fset, pkg, info).Files([]*ast.File{f})
	return f, text, info, pkg, errs
}

// run executes a cell of declarations: its definitions and imports
// become live.
func (nb *notebook) run(src string) {
	nb.t.Helper()
	f, text, info, _, errs := nb.check(src)
	if len(errs) > 0 {
		nb.t.Fatalf("cell %q: %v", src, errs[0])
	}
	nb.n++
	nb.defs = append(nb.defs, scope.DefsOf(nb.fset, f, []byte(text), info, nb.n)...)
	own := scope.ImportsOf(f, info)[len(nb.imports):] // the cell's own
	nb.imports = append(nb.imports, own...)
}

// snapshot returns the scope of the notebook.
func (nb *notebook) snapshot(summary func(string) (string, bool)) *scope.Snapshot {
	var imp types.Importer = lockedImporter{}
	if nb.imp != nil {
		imp = nb.imp
	}
	return scope.New(scope.Config{Defs: nb.defs, Imports: nb.imports, Packages: sharedIndex(), Importer: imp, Summary: summary})
}
