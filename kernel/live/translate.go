package live

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strconv"

	"github.com/nnbook/nnbook/kernel/cell"
)

// checkPath is the package path of every type-check. All cells share it,
// so the unexported fields and methods of earlier cells' types stay
// accessible, and diagnostics name notebook types without a qualifier.
const checkPath = "nb"

// entryName is the cell package's function that runs the cell's statements
// and returns the trailing expression's values.
const entryName = "NNBOOKRun"

// varsName is the cell package's map of pointers to its variables.
const varsName = "NNBOOKVars"

// mangledPrefix starts the exported spelling of a lower-case notebook name.
const mangledPrefix = "Nb_"

// exported returns the spelling of a notebook name in generated code:
// exported names are kept, others get mangledPrefix so that later cell
// packages can reach them.
func exported(name string) string {
	if token.IsExported(name) {
		return name
	}
	return mangledPrefix + name
}

// def is one live definition: a package-level name of the notebook.
type def struct {
	name string
	// obj is the object from the type-check of the cell that defined it.
	obj types.Object
	// pkg is the import path of the cell package that holds it.
	pkg string
	// cell is the execution count of the cell that defined it.
	cell int
	// units declare it (func, const, type: the type's declaration and then
	// its methods); nil for variables, which are never emitted again.
	units []*unit
	// deps are the notebook names its units refer to.
	deps map[string]bool
	// stmt is the unit that declares a variable, for inspection; nil for
	// other definitions and where unknown.
	stmt *unit
}

// state is the notebook's live definitions and imports after a cell. A
// state is never modified: a translation returns the next one, so that a
// cell that fails changes nothing.
type state struct {
	defs    map[string]*def
	imports []importSpec
	// blas is set once the worker has a BLAS backend (blas.go).
	blas bool
}

// newState returns the state of an empty notebook.
func newState() *state { return &state{defs: map[string]*def{}} }

// translator turns cells into plugin packages.
type translator struct {
	fset     *token.FileSet
	importer types.Importer
	// interruptible makes generated code stop at an interrupt; see
	// instrument. It needs the nnbook module in the session module.
	interruptible bool
	// blas installs the BLAS backend in each worker (blas.go); nil: none.
	blas *blasHook
}

// translation is one cell turned into a package.
type translation struct {
	// files are the package's sources by file name.
	files map[string]string
	// next is the notebook's state once the package is loaded.
	next *state
	// runs is false when loading the package would do nothing: it has no
	// statements, variables, init or main functions.
	runs bool
	// blas is set when loading the package installs the BLAS backend.
	blas bool
}

// translate turns cell number n into the package pkgPath, given the live
// state st, through the translator's stages: split (split.go), the cell's
// check file and the plan (plan.go: which live definitions are emitted
// again), check (check.go: go/types against the live definitions) and
// generate (generate.go, gen.go), the BLAS backend (blas.go), instrument (instrument.go: loops and
// blocking operations stop at an interrupt); build (build.go) and load (worker.go)
// follow in [Session.Execute]. auto are imports to add to the cell's. The result is an error
// in the user's terms when the cell does not type-check, a
// *missingImports when some undefined names are used as packages.
func (t *translator) translate(st *state, code string, n int, pkgPath string, auto []importSpec) (*translation, error) {
	units, err := splitCell(code, n) // split
	if err != nil {
		return nil, err
	}
	cf, err := t.checkCell(st, units, n, auto) // the cell's check file
	if err != nil {
		return nil, err
	}
	p := planCell(st, cf)           // plan
	c, err := t.check(st, cf, p, n) // check
	if err != nil {
		return nil, err
	}
	tr, err := t.generate(st, c, p, units, n, pkgPath) // generate
	if err != nil {
		return nil, err
	}
	t.blas.add(t.importer, st, tr)                      // the BLAS backend, once per worker (blas.go)
	if err := t.instrumentFiles(tr.files); err != nil { // instrument
		return nil, err
	}
	return tr, nil
}

// importsOf returns the imports of a check file under their local names.
func importsOf(f *checkFile, info *types.Info) []importSpec {
	var out []importSpec
	for _, is := range f.ast.Imports {
		pn := info.PkgNameOf(is)
		if pn == nil || pn.Name() == "_" || pn.Name() == "." {
			continue
		}
		out = append(out, importSpec{name: pn.Name(), path: pn.Imported().Path(), pkg: pn.Imported()})
	}
	return out
}

// importsIn returns the imports of an import declaration under the names
// they bind: the alias, or the package name the path suggests
// ([cell.GuessName]).
func importsIn(text string) []importSpec {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, parser.ImportsOnly)
	if err != nil {
		return nil
	}
	var out []importSpec
	for _, is := range f.Imports {
		p, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			continue
		}
		name := cell.GuessName(p)
		if is.Name != nil {
			name = is.Name.Name
		}
		out = append(out, importSpec{name: name, path: p})
	}
	return out
}

// allIdents reports whether every expression is an identifier.
func allIdents(es []ast.Expr) bool {
	for _, e := range es {
		if _, ok := e.(*ast.Ident); !ok {
			return false
		}
	}
	return true
}

// isStatementCall reports whether e may stand alone as a statement: a
// call that is not a call of a builtin with a value, or a receive.
func isStatementCall(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && valueBuiltins[id.Name] {
			return false
		}
		return true
	}
	return false
}

// methodName returns the name of the method a func unit declares.
func methodName(u *unit) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+u.text, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		return ""
	}
	if fd, ok := f.Decls[0].(*ast.FuncDecl); ok {
		return fd.Name.Name
	}
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }
