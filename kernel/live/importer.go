package live

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
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
	if _, ok := e.files[path]; !ok {
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
	args := append([]string{"list", "-buildmode=plugin", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}"}, paths...)
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
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		p, file, ok := strings.Cut(sc.Text(), "\t")
		if ok {
			e.files[p] = file
		}
	}
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

// reset forgets every archive and lists again what every plugin links:
// the runtime, and runtime/cgo for the external linker. It runs to the
// end whatever the running cell's context.
func (e *exportData) reset() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.files = map[string]string{}
	e.ctx = nil // a restart after an interrupt must not be interrupted
	if err := e.list("runtime", "runtime/cgo"); err != nil {
		return fmt.Errorf("live: list the runtime's packages: %w", err)
	}
	return nil
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
