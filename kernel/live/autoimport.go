package live

import (
	"bufio"
	"bytes"
	"context"
	"go/ast"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"

	"github.com/nnbook/nnbook/kernel/cell"
)

// missingImports is a type-check error where some undefined names are used
// as packages (rand.New): automatic imports may resolve them.
type missingImports struct {
	err *cell.Error
	// names are the undefined package names, each with the selectors the
	// cell uses on it.
	names map[string][]string
}

func (m *missingImports) Error() string { return m.err.Error() }
func (m *missingImports) Unwrap() error { return m.err }

// selectorBases returns, by position, the identifiers of files that are
// the left of a selector (x in x.Sel), with the selectors used.
func selectorBases(files []*checkFile) map[*ast.Ident]string {
	out := map[*ast.Ident]string{}
	for _, f := range files {
		ast.Inspect(f.ast, func(n ast.Node) bool {
			if se, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := se.X.(*ast.Ident); ok {
					out[id] = se.Sel.Name
				}
			}
			return true
		})
	}
	return out
}

// preferred lists, for package names that several standard packages share,
// the one to choose first when more than one exports what a cell uses.
var preferred = map[string][]string{
	"rand":     {"math/rand/v2", "math/rand", "crypto/rand"},
	"template": {"text/template", "html/template"},
	"scanner":  {"text/scanner", "go/scanner"},
	"pprof":    {"runtime/pprof", "net/http/pprof"},
}

// packageIndex lists the packages automatic imports choose from: the
// standard library, the project's packages and those of the modules it
// requires (about 1 300 packages, listed in 0.5 s). It is built on first
// use.
type packageIndex struct {
	goBin, dir string
	env        []string
	projectDir string

	once sync.Once
	// byName maps a package name to its import paths; std marks the
	// standard ones, and own is the project's module path.
	byName map[string][]string
	std    map[string]bool
	own    string
}

// load lists the packages with go list; packages that fail to load are
// left out.
func (ix *packageIndex) load() {
	ix.byName, ix.std = map[string][]string{}, map[string]bool{}
	list := func(patterns ...string) []string {
		args := append([]string{"list", "-e", "-f", "{{if not .Error}}{{.Name}} {{.ImportPath}}{{end}}"}, patterns...)
		cmd := exec.CommandContext(context.Background(), ix.goBin, args...)
		cmd.Dir, cmd.Env = ix.dir, ix.env
		out, _ := cmd.Output()
		var paths []string
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			name, path, ok := strings.Cut(sc.Text(), " ")
			if !ok || name == "main" || strings.Contains(path, "internal") || strings.Contains(path, "vendor/") {
				continue
			}
			ix.byName[name] = append(ix.byName[name], path)
			paths = append(paths, path)
		}
		return paths
	}
	for _, p := range list("std") {
		ix.std[p] = true
	}
	if ix.projectDir == "" {
		return
	}
	data, err := os.ReadFile(filepath.Join(ix.projectDir, "go.mod"))
	if err != nil {
		return
	}
	mf, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil || mf.Module == nil {
		return
	}
	ix.own = mf.Module.Mod.Path
	patterns := []string{ix.own + "/..."}
	for _, r := range mf.Require {
		patterns = append(patterns, r.Mod.Path+"/...")
	}
	list(patterns...)
}

// resolve returns the import path of the package named name that exports
// all of sels, and false when there is none or the choice is ambiguous.
// Standard packages win over module packages, and the project's own
// packages over those of its dependencies.
func (ix *packageIndex) resolve(name string, sels []string, imp types.Importer) (string, bool) {
	ix.once.Do(ix.load)
	// Tiers in order of preference; packages of a later tier are not even
	// loaded when an earlier one has a match.
	var tiers [3][]string
	for _, path := range ix.byName[name] {
		switch {
		case ix.std[path]:
			tiers[0] = append(tiers[0], path)
		case ix.own != "" && strings.HasPrefix(path, ix.own+"/"):
			tiers[1] = append(tiers[1], path)
		default:
			tiers[2] = append(tiers[2], path)
		}
	}
	for _, tier := range tiers {
		var ps []string
		for _, path := range tier {
			pkg, err := imp.Import(path)
			if err != nil || slices.ContainsFunc(sels, func(sel string) bool {
				obj := pkg.Scope().Lookup(sel)
				return obj == nil || !obj.Exported()
			}) {
				continue
			}
			ps = append(ps, path)
		}
		if len(ps) == 1 {
			return ps[0], true
		}
		for _, want := range preferred[name] {
			if slices.Contains(ps, want) {
				return want, true
			}
		}
		if len(ps) > 0 {
			return "", false
		}
	}
	return "", false
}
