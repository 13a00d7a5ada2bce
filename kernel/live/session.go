package live

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/importer"
	"go/token"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/live/worker/protocol"
	"github.com/nnbook/nnbook/kernel/modules"
	"github.com/nnbook/nnbook/kernel/scope"
	"github.com/nnbook/nnbook/kernel/tmproot"
)

// sessionModule is the module path of a session's cell packages.
const sessionModule = "nnbook.session"

// defaultGrace is how long an interrupted cell has to return before the
// worker is killed.
const defaultGrace = 3 * time.Second

// ErrNoPlugins is returned by [NewSession] where Go plugins cannot work:
// cgo disabled or an operating system without plugin support. The kernel
// then runs cells with [program.Session].
var ErrNoPlugins = errors.New("live: Go plugins are not available (they need cgo on linux, darwin or freebsd)")

// Config configures a [Session].
type Config struct {
	// ProjectDir is the nnbook source tree, so that cells can import nnkit
	// and the project's pinned modules; see [program.Config].
	ProjectDir string
	// Modules, when set, says where the session's nnbook comes from; see
	// [cell.Config].
	Modules *modules.Source
	// Resolver, when set, adds the modules that provide the imports of
	// cells that the session lacks; nil: cells import only what the
	// session's go.mod provides.
	Resolver *modules.Resolver
	// Go is the path of the go command. Empty: "go" from PATH.
	Go string
	// Logger receives build and run events. Nil: nothing is logged.
	Logger *slog.Logger
	// Env is added to the environment of builds and of the worker.
	Env []string
	// Grace is how long an interrupted cell has to return before the
	// worker is killed and restarted. Zero: 3 s.
	Grace time.Duration
	// CacheDir is where built workers are kept for later sessions (see
	// [EnvCache]). Empty: $NNBOOK_CACHE, else nnbook in the user's cache
	// directory.
	CacheDir string
}

// Session runs cells in one long-lived worker process, so that the values
// cells compute live on between cells. Each cell becomes a package of the
// session module, built as a Go plugin and loaded into the worker; see the
// package documentation.
//
// Execute must not be called concurrently with itself; Complete, Inspect
// and IsComplete may be called at any time.
type Session struct {
	cfg       Config
	log       *slog.Logger
	goBin     string
	dir       string
	buildEnv  []string
	workerBin string
	mem       memoryLimit // the worker's, for GOMEMLIMIT and out-of-memory errors
	tr        *translator
	packages  *cell.ImportIndex
	tc        toolchain
	exports   *exportData
	// archives are the compiled cell packages by import path; written by
	// Execute only.
	archives map[string]string
	// snap answers completion and inspection requests: the scope of the
	// live state st, replaced with it.
	snap atomic.Pointer[scope.Snapshot]

	// fullStack shows panic stacks unfolded (%stack full).
	fullStack atomic.Bool

	// mu guards st, seq, w and times.
	mu  sync.Mutex
	st  *state
	seq int
	w   *worker
	// times are the last build's.
	times buildTimes
	// localChecked is when Execute last looked for changes in local
	// modules; written by Execute only.
	localChecked time.Time
	// history is what %rerun replays, failed the cells it leaves out and
	// ranLast the cell that ran last (rerun.go); Execute only.
	history []pastCell
	failed  []int
	ranLast int

	// reused are the plugins kept to run again by key, reuseOrder their
	// keys, oldest first (reuse.go); written by Execute only.
	reused     map[string]reusedPlugin
	reuseOrder []string

	// cache is the worker cache's entry for this session's worker (nil
	// without a cache directory); workerCached says that workerBin came
	// from it; workerBuilds counts the workers the session built.
	cache        *workerCache
	workerCached bool
	workerBuilds int
}

// NewSession creates the session module in a new temporary directory,
// builds the worker and starts it. It returns an error wrapping
// [ErrNoPlugins] where plugins cannot work.
func NewSession(cfg Config) (*Session, error) {
	if cfg.Grace == 0 {
		cfg.Grace = defaultGrace
	}
	tc, err := cell.FindToolchain(context.Background(), cfg.Go, cfg.Env)
	if err != nil {
		return nil, err
	}
	goBin, env := tc.Go, tc.Env
	if env.CGO_ENABLED != "1" || !slices.Contains([]string{"linux", "darwin", "freebsd"}, env.GOOS) {
		return nil, fmt.Errorf("%w: CGO_ENABLED=%s GOOS=%s", ErrNoPlugins, env.CGO_ENABLED, env.GOOS)
	}
	selfCgroup, _ := os.ReadFile("/proc/self/cgroup")
	mem, err := findMemoryLimit(os.Getenv, "/sys/fs/cgroup", selfCgroup)
	if err != nil {
		return nil, err
	}
	gomod, gosum, err := tc.ModuleFiles(sessionModule, cfg.ProjectDir)
	if err != nil {
		return nil, err
	}
	if cfg.Modules != nil {
		gomod, gosum = cfg.Modules.ModFile(sessionModule, env.GOVERSION), cfg.Modules.GoSum
	}
	dir, err := tmproot.MkdirTemp("live-") // swept once its kernel is dead
	if err != nil {
		return nil, fmt.Errorf("live: create session directory: %w", err)
	}
	s := &Session{
		cfg:       cfg,
		log:       cfg.Logger,
		goBin:     goBin,
		dir:       dir,
		workerBin: filepath.Join(dir, workerName), // or the cache's: see setup
		mem:       mem,
		st:        newState(),
		archives:  map[string]string{},
		tc: toolchain{
			toolDir:   env.GOTOOLDIR,
			cc:        env.CC,
			goVersion: env.GOVERSION,
			lang:      "go" + cell.LangVersion(gomod),
		},
	}
	s.tc.ldflags = fastLinker(exec.LookPath)
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.buildEnv = tc.BuildEnv(cfg.Env)
	fset := token.NewFileSet()
	s.exports = &exportData{goBin: goBin, dir: dir, env: s.buildEnv, files: map[string]string{}, base: []string{"runtime", "runtime/cgo", "fmt"}}
	if cfg.Resolver != nil {
		s.exports.resolve = func(ctx context.Context, path string) error { return cfg.Resolver.Ensure(ctx, dir, []string{path}) }
	}
	s.tr = &translator{fset: fset, importer: importer.ForCompiler(fset, "gc", s.exports.lookup), interruptible: hasInterruptRuntime(gomod)}
	if s.tr.interruptible {
		s.exports.base = append(s.exports.base, interruptPath)
	}
	s.tr.blas = newBLASHook(s.exports, s.log)
	s.packages = cell.NewImportIndex(env.GOROOT, env.GOMODCACHE, cfg.ProjectDir)
	if err := s.setup(gomod, gosum, env); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s.setStateLocked(s.st)
	s.log.Info("live session created", "dir", dir, "go", env.GOVERSION, "project", cfg.ProjectDir)
	return s, nil
}

// setup writes the session module, finds or builds the worker for the
// toolchain env (see [Session.ensureWorker]) and starts it.
func (s *Session) setup(gomod, gosum []byte, env cell.GoEnv) error {
	files := map[string][]byte{"go.mod": gomod}
	if gosum != nil {
		files["go.sum"] = gosum
	}
	err := fs.WalkDir(workerSource, "worker", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := workerSource.ReadFile(p)
		quoted := []byte(strconv.Quote(protocol.Path))
		if err == nil && p == "worker/main.go" && !bytes.Contains(data, quoted) {
			return fmt.Errorf("%s does not import %s", p, protocol.Path)
		}
		// The worker imports the protocol where the session module
		// holds it.
		data = bytes.ReplaceAll(data, quoted, []byte(strconv.Quote(protocol.SessionPath)))
		files[p] = data
		return err
	})
	if err != nil {
		return fmt.Errorf("live: read worker source: %w", err)
	}
	for name, data := range files {
		p := filepath.Join(s.dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return fmt.Errorf("live: write session module: %w", err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			return fmt.Errorf("live: write session module: %w", err)
		}
	}
	if err := s.ensureWorker(env, files); err != nil {
		return err
	}
	if extld, err := s.writeExtld(); err == nil {
		s.tc.cc = extld // the driver, remembering the linker's probes (extld.go)
	} else {
		s.log.Warn("plugins link with the C compiler's driver itself", "err", err)
	}
	if err := s.exports.reset(); err != nil {
		return err
	}
	w, err := startWorker(s.workerBin, s.dir, s.mem.workerEnv(append(os.Environ(), s.cfg.Env...)), s.log)
	if err != nil {
		return err
	}
	s.w = w
	return nil
}

// goCmd runs the go command in the session module; cancelling ctx kills
// it and what it started.
func (s *Session) goCmd(ctx context.Context, args ...string) ([]byte, error) {
	return cell.RunTool(ctx, s.dir, s.buildEnv, s.goBin, args...)
}

// Execute runs one cell: it translates the cell into a new package of the
// session module, builds it as a plugin and runs it in the worker. The
// notebook's definitions change only once the plugin has loaded. The
// cell is recorded for %rerun.
func (s *Session) Execute(ctx context.Context, req contract.Request, out contract.Sink) contract.Result {
	res := s.execute(ctx, req, out)
	s.record(req, res)
	return res
}

// nextBuild readies the worker for one more cell package: it revives a
// worker that died between cells (fault.go) and returns the package's
// sequence number, the translator's state and the worker, or an error
// when no worker runs.
func (s *Session) nextBuild(out contract.Sink) (seq int, st *state, w *worker, e *contract.Error) {
	s.reviveIdle(out)
	s.mu.Lock()
	s.seq++
	seq, st, w = s.seq, s.st, s.w
	s.mu.Unlock()
	if w == nil {
		return 0, nil, nil, contract.NewError("WorkerDied", "no worker is running (starting one failed; see the kernel's log): restart the kernel")
	}
	return seq, st, w, nil
}

// execute is Execute without the record; %rerun replays cells with it.
func (s *Session) execute(ctx context.Context, req contract.Request, out contract.Sink) contract.Result {
	code, timed, res := s.magics(ctx, req, out)
	if res != nil {
		return *res
	}
	if strings.TrimSpace(code) == "" {
		return contract.Result{}
	}
	seq, st, w, e := s.nextBuild(out)
	if e != nil {
		return contract.Result{Err: e}
	}
	var times buildTimes
	start := time.Now()
	tr, e := s.translate(ctx, st, code, req.ExecutionCount, seq, out) // split, plan, check, generate, instrument
	times.check = time.Since(start)
	if e != nil {
		return contract.Result{Err: e}
	}
	p, e := s.buildOrReuse(ctx, seq, st, tr, req.ExecutionCount, &times) // build, unless the same code ran before (reuse.go)
	if e != nil {
		return contract.Result{Err: e}
	}
	res = s.load(ctx, w, req, code, tr, p.so, out, &times) // load and run
	s.loaded(p, req.ExecutionCount, res)
	s.tr.blas.loaded(w, tr)
	s.log.Info("cell ran", "cell", req.ExecutionCount, "check", times.check, "compile", times.compile, "link", times.link, "run", times.run)
	s.mu.Lock()
	s.times = times
	s.mu.Unlock()
	if timed {
		out.Stream("stdout", fmt.Appendf(nil, "%%time: %v (check %v, compile %v, link %v, load and run %v)\n",
			(times.check+times.compile+times.link+times.run).Round(time.Millisecond),
			times.check.Round(time.Millisecond/10), times.compile.Round(time.Millisecond), times.link.Round(time.Millisecond), times.run.Round(time.Millisecond)))
	}
	return *res
}

// translate runs the stages before the build on cell n (see
// [translator.translate]) as cell package seq, adding the imports
// automatic imports resolve for names the cell uses as packages. Errors
// are in the user's terms, with "did you mean …" from the live scope.
func (s *Session) translate(ctx context.Context, st *state, code string, n, seq int, out contract.Sink) (*translation, *contract.Error) {
	pkgPath := sessionModule + "/cells/c" + itoa(seq)
	if err := s.refreshLocal(); err != nil {
		return nil, contract.AsError(err)
	}
	s.exports.setContext(modules.WithProgress(ctx, contract.StreamWriter(out, "stderr")))
	defer s.exports.setContext(nil)
	tr, err := s.tr.translate(st, code, n, pkgPath, nil)
	var missing *missingImports
	if errors.As(err, &missing) {
		// GoNB's habit: rand.N(6) without an import imports math/rand/v2.
		var auto []importSpec
		for _, name := range slices.Sorted(maps.Keys(missing.names)) {
			if path, ok := s.packages.Resolve(name, missing.names[name]); ok {
				auto = append(auto, importSpec{name: name, path: path})
			}
		}
		if auto != nil {
			tr, err = s.tr.translate(st, code, n, pkgPath, auto)
		}
	}
	if ctx.Err() != nil {
		return nil, contract.NewError("Interrupted", "the cell was interrupted while its imports were being built")
	}
	if err != nil {
		return nil, withHint(contract.AsError(err), s.snap.Load(), code)
	}
	return tr, nil
}

// load loads the plugin so of translation tr into the worker w and runs
// its cell, streaming the output to out; the notebook's state becomes
// tr's once the plugin has loaded. A worker that died, did not stop after
// an interrupt or cannot load the plugin is restarted.
func (s *Session) load(ctx context.Context, w *worker, req contract.Request, code string, tr *translation, so string, out contract.Sink, times *buildTimes) *contract.Result {
	var rep protocol.Reply
	var err error
	if tr.runs {
		_, _, args := cell.CutHybrid(code)
		start := time.Now()
		guard := newCrashGuard(out) // keeps a fatal runtime dump out of the output (overflow.go)
		rep, err = w.run(ctx, req.MsgID, protocol.Request{Plugin: so, Args: args}, guard, s.cfg.Grace)
		if nw := s.replaceStaleWorker(w, rep.LoadError); nw != nil && err == nil {
			w = nw // the cached worker was stale: load the plugin into a new one
			rep, err = w.run(ctx, req.MsgID, protocol.Request{Plugin: so, Args: args}, guard, s.cfg.Grace)
		}
		s.prune(so) // loaded or failed: no later cell needs it (prune.go)
		if e := s.fatalError(w, guard, err); e != nil {
			return &contract.Result{Err: e}
		}
		times.run = time.Since(start)
	}
	fail := func(e *contract.Error) *contract.Result { return &contract.Result{Err: e} }
	switch {
	case err != nil && ctx.Err() != nil:
		return fail(s.restart(w, "Interrupted", fmt.Sprintf("the cell did not stop within %v of the interrupt", s.cfg.Grace)))
	case err != nil && s.mem.bytes > 0 && killed(w.exitErr):
		// Killed from outside during a cell under a memory limit: the
		// out-of-memory killer of the server's control group.
		return fail(s.restart(w, outOfMemory, s.mem.oomWhy(fmt.Sprintf("the worker was killed (%v)", w.exitErr))))
	case err != nil:
		w.kill()
		return fail(s.restart(w, "WorkerDied", fmt.Sprintf("the worker process exited (%v)", w.exitErr)))
	case strings.Contains(rep.LoadError, "different version of package"):
		// A package the notebook loaded changed on disk (go.mod or the
		// project's source was edited): its new build cannot join the old.
		return fail(s.restart(w, "LoadError", "a package changed since the session loaded it ("+rep.LoadError+")"))
	case rep.LoadError != "":
		return fail(contract.NewError("LoadError", rep.LoadError))
	}
	s.mu.Lock()
	s.setStateLocked(tr.next)
	s.mu.Unlock()
	if e := interruptError(rep.Panic, rep.Stack, s.fullStack.Load()); e != nil {
		return fail(e)
	}
	switch {
	case rep.Panic != "":
		return fail(panicError(rep.Panic, rep.Stack, s.fullStack.Load()))
	case ctx.Err() != nil:
		return fail(contract.NewError("Interrupted", "the cell was interrupted; the session's variables are kept"))
	}
	return &contract.Result{Value: rep.Value}
}

// restart replaces the worker old, which died, did not stop after an
// interrupt or cannot load the cell, and returns the cell's error, named
// name, saying why and that the notebook's state went with the worker.
func (s *Session) restart(old *worker, name, why string) *contract.Error {
	msg := why + ", so the worker was restarted: the session's variables and definitions were lost"
	if hint := s.rerunHint(); hint != "" {
		msg += "; " + hint
	}
	e := contract.NewError(name, msg)
	if err := s.reset(old); err != nil {
		e.Traceback = append(e.Traceback, "restarting the worker failed: "+err.Error())
	}
	s.log.Warn("worker restarted", "reason", why)
	return e
}

// reset kills the worker old and starts a fresh one with an empty
// notebook.
//
// The packages cells import are listed and loaded again, so that a fresh
// worker sees the project's source and go.mod as they are now.
func (s *Session) reset(old *worker) error {
	if old != nil {
		old.kill()
	}
	s.tr.importer = importer.ForCompiler(s.tr.fset, "gc", s.exports.lookup)
	s.forgetReused()
	err := s.exports.reset()
	if err == nil {
		err = s.keepWorkerBinary()
	}
	var w *worker
	if err == nil {
		w, err = startWorker(s.workerBin, s.dir, s.mem.workerEnv(append(os.Environ(), s.cfg.Env...)), s.log)
	}
	s.mu.Lock()
	s.setStateLocked(newState())
	s.w = w
	s.mu.Unlock()
	return err
}

// mangled matches the spellings generated code gives notebook names.
var mangled = regexp.MustCompile(`\bnb_c\d+\.|` + sessionModule + `/cells/c\d+\.|\b` + mangledPrefix + `|\b` + entryName + `\b`)

// demangle shows generated names in the user's terms.
func demangle(s string) string {
	return mangled.ReplaceAllStringFunc(s, func(m string) string {
		if m == entryName {
			return "cell"
		}
		return ""
	})
}

// compilerLine matches "cell[3]:12:5: message" (column optional).
var compilerLine = regexp.MustCompile(`^(?:.*/)?(cell\[\d+\]:\d+(?::\d+)?): (.*)$`)

// buildError maps the output of a failed plugin build to the cell.
func buildError(out string) *contract.Error {
	e := &contract.Error{Name: "CompileError"}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, "# ") || line == "" {
			continue
		}
		line = demangle(line)
		if m := compilerLine.FindStringSubmatch(line); m != nil {
			if e.Value == "" {
				e.Value = m[2]
			}
			line = contract.Highlight(m[1]) + ": " + m[2]
		}
		e.Traceback = append(e.Traceback, line)
	}
	if e.Value == "" && len(e.Traceback) > 0 {
		e.Value = e.Traceback[0]
	}
	return e
}

// withHint adds the "did you mean …" of snap for e's message to e's
// traceback, and returns e.
func withHint(e *contract.Error, snap *scope.Snapshot, code string) *contract.Error {
	if e.Name != "CompileError" {
		return e
	}
	if hint := snap.DidYouMean(code, e.Value); hint != "" {
		e.Traceback = append(e.Traceback, hint)
	}
	return e
}

// panicError reports a panic recovered in the cell's goroutine, with the
// frames of cell code in cell lines and the worker's frames dropped.
func panicError(msg, stack string, fullStack bool) *contract.Error {
	msg = demangle(msg)
	e := contract.NewError("panic", msg, "")
	e.Traceback = append(e.Traceback, cell.MapStack(stack, func(f cell.Frame) (cell.FrameRole, string, string) {
		switch {
		case strings.HasPrefix(f.File, "cell["):
			return cell.FrameCell, demangle(f.Func), f.File + ":" + strconv.Itoa(f.Line)
		case strings.HasPrefix(f.Func, "runtime") || strings.HasPrefix(f.Func, "panic(") || strings.HasPrefix(f.Func, "main.") || strings.HasPrefix(f.Func, sessionModule+"/plugins/"),
			strings.HasPrefix(f.Func, interruptPath+"."), // the interrupt runtime's own frames say nothing about the cell
			strings.Contains(f.File, filepath.Join("go", "src", "runtime")):
			return cell.FrameHidden, "", ""
		}
		return cell.FrameLibrary, "", ""
	}, fullStack)...)
	return e
}

// Complete returns the completions at cursor from the live state: see
// [scope.Snapshot.Complete]. It answers while a cell runs.
func (s *Session) Complete(code string, cursor int) contract.Completion {
	c := s.snap.Load().Complete(code, cursor)
	return contract.Completion{Matches: c.Matches, Start: c.Start, End: c.End, Metadata: c.Metadata()}
}

// Inspect returns the documentation of the symbol at cursor from the live
// state: see [scope.Snapshot.Inspect]. It answers while a cell runs (a
// variable's value is then left out).
func (s *Session) Inspect(code string, cursor, detailLevel int) (map[string]any, bool) {
	return s.snap.Load().Inspect(code, cursor, detailLevel)
}

// setStateLocked makes st the live state and its scope the one
// completion and inspection answer from. s.mu must be held (or s not yet
// shared).
func (s *Session) setStateLocked(st *state) {
	s.st = st
	s.snap.Store(s.snapshot(st))
}

// IsComplete reports whether code is ready to run; see
// [program.Session.IsComplete].
func (s *Session) IsComplete(code string) (status, indent string) {
	return cell.IsComplete(code)
}

// Close stops the worker and removes the session's files. The kernel
// calls it after the last Execute has returned.
func (s *Session) Close() error {
	s.mu.Lock()
	w := s.w
	s.mu.Unlock()
	if w != nil {
		w.close()
	}
	if err := os.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("live: remove session directory: %w", err)
	}
	return nil
}
