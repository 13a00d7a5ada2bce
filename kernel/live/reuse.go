package live

import (
	"context"
	"crypto/sha256"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/nnbook/nnbook/kernel/contract"
)

// maxReused bounds the plugins kept for cells run again (≈3 MB each).
const maxReused = 16

// reusedPlugin is the plugin of a cell kept to run again: the worker
// holds it loaded, and loading its path again returns the same plugin,
// whose Run runs the cell's code again.
type reusedPlugin struct {
	so   string // the plugin's path
	cell int    // the number of the cell it was built from
}

// reuseKey returns the key under which the plugin of translation tr of
// cell n can run again, and whether it can: a cell that defines nothing
// (no variable, function, type or constant: the live definitions after it
// are those before it, st's) and has no init function. Running the same
// statements again is what building them again would do, given the same
// generated source, in which the cell's number (its //line positions) is
// left out; sync is part of the key (see buildSteps).
func reuseKey(st *state, tr *translation, n int, sync bool) (string, bool) {
	if !tr.runs || len(tr.next.defs) != len(st.defs) {
		return "", false
	}
	for name, d := range tr.next.defs {
		if st.defs[name] != d {
			return "", false
		}
	}
	h := sha256.New()
	if sync {
		h.Write([]byte("sync\n"))
	}
	for _, name := range slices.Sorted(maps.Keys(tr.files)) {
		src := tr.files[name]
		if hasInit(src) {
			return "", false // init runs once per load
		}
		h.Write([]byte("-- " + name + " --\n"))
		h.Write([]byte(strings.ReplaceAll(src, cellFile(n), "cell[N]")))
	}
	return string(h.Sum(nil)), true
}

// hasInit reports whether the Go source src declares a function init.
func hasInit(src string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err != nil {
		return true // not known: build it
	}
	return slices.ContainsFunc(f.Decls, func(d ast.Decl) bool {
		fd, ok := d.(*ast.FuncDecl)
		return ok && fd.Recv == nil && fd.Name.Name == "init"
	})
}

// cellPlugin is the plugin a cell runs: built now, or kept from an
// earlier cell with the same code (from is then that cell's number).
type cellPlugin struct {
	so, key string
	from    int
}

// buildOrReuse builds the plugin of translation tr (see [Session.build])
// as cell package seq, unless a plugin kept from an earlier run of the
// same code can run again; a plugin that could is kept.
func (s *Session) buildOrReuse(ctx context.Context, seq int, st *state, tr *translation, n int, times *buildTimes) (cellPlugin, *contract.Error) {
	key, ok := reuseKey(st, tr, n, s.exports.has(gonbuiPath))
	key += "@" + itoa(s.exports.generation()) // listed again since (%go get, a local module changed): build anew
	if ok {
		if p, found := s.reusable(key); found {
			s.log.Info("cell runs the plugin of an earlier cell with the same code", "cell", n, "from", p.cell)
			return cellPlugin{so: p.so, from: p.cell}, nil
		}
	}
	so, e := s.build(ctx, seq, tr, times)
	if e != nil || !ok || so == "" {
		return cellPlugin{so: so}, e
	}
	s.keep(key, so, n)
	return cellPlugin{so: so, key: key}, nil
}

// loaded finishes the run of plugin p as cell n with result res: a
// plugin kept that did not load is let go (a worker that died or was
// restarted let go of every one: see reset), and a reused plugin's errors
// show cell n.
func (s *Session) loaded(p cellPlugin, n int, res *contract.Result) {
	if p.key != "" && res.Err != nil && res.Err.Name == "LoadError" {
		if _, ok := s.reused[p.key]; ok {
			delete(s.reused, p.key)
			s.removePlugin(p.so)
		}
	}
	if p.from != 0 {
		renumber(res, p.from, n)
	}
}

// generation returns e.gen.
func (e *exportData) generation() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.gen
}

// reusable returns the plugin kept for key, if any.
func (s *Session) reusable(key string) (reusedPlugin, bool) {
	p, ok := s.reused[key]
	if ok {
		if _, err := os.Stat(p.so); err != nil {
			delete(s.reused, key)
			return reusedPlugin{}, false
		}
	}
	return p, ok
}

// keep records the plugin so of cell n under key, for the cell to run
// again, and lets go of the oldest kept plugin beyond maxReused.
func (s *Session) keep(key, so string, n int) {
	if s.reused == nil {
		s.reused = map[string]reusedPlugin{}
	}
	s.reused[key] = reusedPlugin{so: so, cell: n}
	s.reuseOrder = append(s.reuseOrder, key)
	for len(s.reuseOrder) > maxReused {
		old := s.reuseOrder[0]
		s.reuseOrder = s.reuseOrder[1:]
		if p, ok := s.reused[old]; ok && !slices.Contains(s.reuseOrder, old) {
			delete(s.reused, old)
			s.removePlugin(p.so)
		}
	}
}

// kept reports whether the plugin so is kept to run again, so that
// prune leaves it.
func (s *Session) kept(so string) bool {
	for _, p := range s.reused {
		if p.so == so {
			return true
		}
	}
	return false
}

// forgetReused drops every kept plugin: a new worker has loaded none,
// and the packages they copy may have changed.
func (s *Session) forgetReused() {
	for _, p := range s.reused {
		s.removePlugin(p.so)
	}
	s.reused, s.reuseOrder = nil, nil
}

// renumber shows the cell number n in place of from, the number of the
// cell a reused plugin was built from, in the error of res.
func renumber(res *contract.Result, from, n int) {
	if res.Err == nil || from == n {
		return
	}
	r := strings.NewReplacer(cellFile(from), cellFile(n))
	res.Err.Value = r.Replace(res.Err.Value)
	for i, line := range res.Err.Traceback {
		res.Err.Traceback[i] = r.Replace(line)
	}
}
