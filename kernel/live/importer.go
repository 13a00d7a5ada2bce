package live

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// exportData finds the compiled packages (archives with export data) of
// plugin mode with go list, in the session module. Cells type-check
// against them, and compile and link with them, so they see exactly what
// their plugins are built with.
type exportData struct {
	goBin string
	dir   string
	env   []string
	// mu guards files and ctx.
	mu    sync.Mutex
	files map[string]string // import path → archive
	// ctx is the running cell's context: cancelling it stops go list,
	// which may be compiling a large package.
	ctx context.Context
	// resolve, when set, adds the module that provides an import path the
	// session lacks, before it is listed (see modules.Resolver).
	resolve func(ctx context.Context, path string) error

	// cacheFile, when set, is the export cache (exportcache.go) of the
	// session's worker key, valid while the session's go.mod and go.sum
	// hold modState; listed are the packages listed since the session
	// started, as the cache keeps them.
	cacheFile string
	modState  []byte
	cache     *exportCache
	checked   map[string]bool
	listed    map[string]cachedPackage
	// lists counts the go list commands run, for tests; gen counts the
	// times every archive was forgotten (reset, relist), so that plugins
	// linked before are not run again after (reuse.go).
	lists, gen int
	// base are the packages every plugin links (the runtime, and
	// runtime/cgo for the external linker; the interrupt runtime) and
	// that nearly every cell imports (fmt).
	base []string
}

// setContext makes ctx the context of the go list commands that follow.
func (e *exportData) setContext(ctx context.Context) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ctx = ctx
}

// lookup opens the export data of path, for importer.ForCompiler.
func (e *exportData) lookup(path string) (io.ReadCloser, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.files[path]; !ok && !e.fromCache(path) {
		if err := e.ensure(path); err != nil {
			return nil, err
		}
		if err := e.list(path); err != nil {
			return nil, err
		}
	}
	file := e.files[path]
	if file == "" {
		return nil, fmt.Errorf("no export data for %q", path)
	}
	return os.Open(file)
}

// list runs go list -export in plugin mode for paths and their
// dependencies, building what the build cache lacks. e.mu must be held.
func (e *exportData) list(paths ...string) error {
	args := append([]string{"list", "-buildmode=plugin", "-export", "-deps", "-json=" + listFields}, paths...)
	ctx := e.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	cmd := exec.CommandContext(ctx, e.goBin, args...)
	cmd.Dir = e.dir
	cmd.Env = e.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("%s", msg)
	}
	e.lists++
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("decode the output of go list: %w", err)
		}
		e.files[p.ImportPath] = p.Export
		if e.cacheFile != "" {
			if cp, ok := p.cached(); ok {
				e.listed[p.ImportPath] = cp
			}
		}
	}
	e.saveCache()
	return nil
}

// importcfg returns an import configuration for compile and link that
// names every archive known so far and the cell archives.
func (e *exportData) importcfg(cells map[string]string) []byte {
	e.mu.Lock()
	defer e.mu.Unlock()
	var b bytes.Buffer
	for p, f := range e.files {
		if f != "" {
			fmt.Fprintf(&b, "packagefile %s=%s\n", p, f)
		}
	}
	for p, f := range cells {
		fmt.Fprintf(&b, "packagefile %s=%s\n", p, f)
	}
	return b.Bytes()
}

// has reports whether the archive of path is known: some cell linked it.
func (e *exportData) has(path string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.files[path] != ""
}

// reset forgets every archive and lists again what every plugin links
// and nearly every cell imports (e.base), from the export cache where it
// is sound. It runs to the end whatever the running cell's context.
func (e *exportData) reset() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.files = map[string]string{}
	e.gen++
	e.ctx = nil // a restart after an interrupt must not be interrupted
	e.useCache()
	paths := slices.DeleteFunc(slices.Clone(e.base), e.fromCache)
	if len(paths) == 0 {
		return nil
	}
	if err := e.list(paths...); err != nil {
		return fmt.Errorf("live: list the runtime's packages: %w", err)
	}
	return nil
}

// useCache reads the export cache afresh when the session's go.mod and
// go.sum are still those of its key; once they changed (%go get), the
// cache is no longer read or written. e.mu must be held.
func (e *exportData) useCache() {
	e.cache, e.checked = nil, map[string]bool{}
	if e.cacheFile == "" {
		return
	}
	mod, _ := os.ReadFile(filepath.Join(e.dir, "go.mod"))
	sum, _ := os.ReadFile(filepath.Join(e.dir, "go.sum"))
	if !bytes.Equal(append(mod, sum...), e.modState) {
		e.cacheFile = ""
		return
	}
	e.cache = readExportCache(e.cacheFile)
}

// fromCache makes the archives of path and its dependencies known from
// the export cache, and reports whether it could. e.mu must be held.
func (e *exportData) fromCache(path string) bool {
	if e.cache == nil {
		return false
	}
	files, ok := e.cache.closure(path, e.checked)
	if ok {
		maps.Copy(e.files, files)
	}
	return ok
}

// saveCache adds the packages listed so far to the export cache. A cache
// that cannot be written (a read-only one) is left as it is. e.mu must be
// held.
func (e *exportData) saveCache() {
	if e.cacheFile == "" || len(e.listed) == 0 {
		return
	}
	if err := writeExportCache(e.cacheFile, e.listed); err == nil {
		e.listed = map[string]cachedPackage{}
	}
}

// ensure adds the module of path to the session when e.resolve is set.
// e.mu must be held.
func (e *exportData) ensure(path string) error {
	if e.resolve == nil {
		return nil
	}
	ctx := e.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	return e.resolve(ctx, path)
}
