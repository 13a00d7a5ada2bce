package live

import (
	"bytes"
	"context"
	"encoding/json"
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
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/nnbook/nnbook/kernel/cell"
)

// sessionModule is the module path of a session's cell packages.
const sessionModule = "nnbook.session"

// defaultGrace is how long an interrupted cell has to return before the
// worker is killed.
const defaultGrace = 3 * time.Second

// ErrNoPlugins is returned by [NewSession] where Go plugins cannot work:
// cgo disabled or an operating system without plugin support. The kernel
// then runs cells with [cell.Session].
var ErrNoPlugins = errors.New("live: Go plugins are not available (they need cgo on linux, darwin or freebsd)")

// Config configures a [Session].
type Config struct {
	// ProjectDir is the nnbook source tree, so that cells can import nnkit
	// and the project's pinned modules; see [cell.Config].
	ProjectDir string
	// Go is the path of the go command. Empty: "go" from PATH.
	Go string
	// Logger receives build and run events. Nil: nothing is logged.
	Logger *slog.Logger
	// Env is added to the environment of builds and of the worker.
	Env []string
	// Grace is how long an interrupted cell has to return before the
	// worker is killed and restarted. Zero: 3 s.
	Grace time.Duration
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
	tr        *translator
	packages  *cell.ImportIndex
	tc        toolchain
	exports   *exportData
	// archives are the compiled cell packages by import path; written by
	// Execute only.
	archives map[string]string
	// editor answers completion, inspection and is-complete requests.
	editor *cell.Session

	// mu guards st, seq, w and times.
	mu  sync.Mutex
	st  *state
	seq int
	w   *worker
	// times are the last build's.
	times buildTimes
}

// NewSession creates the session module in a new temporary directory,
// builds the worker and starts it. It returns an error wrapping
// [ErrNoPlugins] where plugins cannot work.
func NewSession(cfg Config) (*Session, error) {
	if cfg.Grace == 0 {
		cfg.Grace = defaultGrace
	}
	goBin := cfg.Go
	if goBin == "" {
		goBin = "go"
	}
	goBin, err := exec.LookPath(goBin)
	if err != nil {
		return nil, fmt.Errorf("live: find the go command: %w (install Go or set Config.Go)", err)
	}
	env, err := goEnv(goBin, cfg.Env)
	if err != nil {
		return nil, err
	}
	if env.CGO_ENABLED != "1" || !slices.Contains([]string{"linux", "darwin", "freebsd"}, env.GOOS) {
		return nil, fmt.Errorf("%w: CGO_ENABLED=%s GOOS=%s", ErrNoPlugins, env.CGO_ENABLED, env.GOOS)
	}
	gomod, gosum, err := moduleFiles(cfg.ProjectDir, env.GOVERSION)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "nnbook-live-")
	if err != nil {
		return nil, fmt.Errorf("live: create session directory: %w", err)
	}
	s := &Session{
		cfg:       cfg,
		log:       cfg.Logger,
		goBin:     goBin,
		dir:       dir,
		workerBin: filepath.Join(dir, "nnbook-worker"),
		st:        newState(),
		archives:  map[string]string{},
		tc: toolchain{
			toolDir:   env.GOTOOLDIR,
			cc:        env.CC,
			goVersion: env.GOVERSION,
			lang:      "go" + langVersion(gomod),
		},
	}
	if _, err := exec.LookPath("ld.gold"); err == nil {
		// gold links a plugin in about 0.22 s where ld.bfd takes 0.28 s.
		s.tc.ldflags = []string{"-fuse-ld=gold"}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.buildEnv = append(append(os.Environ(), cfg.Env...),
		"GOFLAGS="+strings.TrimSpace(env.GOFLAGS+" -mod=mod"),
		"GOPROXY=off", "GOSUMDB=off", "GOWORK=off", "GOTOOLCHAIN=local")
	fset := token.NewFileSet()
	s.exports = &exportData{goBin: goBin, dir: dir, env: s.buildEnv, files: map[string]string{}}
	s.tr = &translator{fset: fset, importer: importer.ForCompiler(fset, "gc", s.exports.lookup), interruptible: hasInterruptRuntime(gomod)}
	s.packages = cell.NewImportIndex(env.GOROOT, env.GOMODCACHE, cfg.ProjectDir)
	if err := s.setup(gomod, gosum); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s.editor, err = cell.NewSession(cell.Config{ProjectDir: cfg.ProjectDir, Go: cfg.Go, Logger: cfg.Logger, Env: cfg.Env})
	if err != nil {
		s.w.close()
		os.RemoveAll(dir)
		return nil, err
	}
	s.log.Info("live session created", "dir", dir, "go", env.GOVERSION, "project", cfg.ProjectDir)
	return s, nil
}

// setup writes the session module, builds the worker and starts it.
func (s *Session) setup(gomod, gosum []byte) error {
	files := map[string][]byte{"go.mod": gomod}
	if gosum != nil {
		files["go.sum"] = gosum
	}
	err := fs.WalkDir(workerSource, "worker", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files[p], err = workerSource.ReadFile(p)
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
	if out, err := s.goCmd(context.Background(), "build", "-o", s.workerBin, "./worker"); err != nil {
		return fmt.Errorf("live: build the worker: %v: %s", err, out)
	}
	if err := s.exports.reset(); err != nil {
		return err
	}
	w, err := startWorker(s.workerBin, s.dir, append(os.Environ(), s.cfg.Env...), s.log)
	if err != nil {
		return err
	}
	s.w = w
	return nil
}

// goCmd runs the go command in the session module; cancelling ctx kills
// it and what it started.
func (s *Session) goCmd(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, s.goBin, args...)
	cmd.Dir = s.dir
	cmd.Env = s.buildEnv
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// langVersion returns the go directive of a go.mod written by
// moduleFiles.
func langVersion(gomod []byte) string {
	f, err := modfile.ParseLax("go.mod", gomod, nil)
	if err != nil || f.Go == nil {
		return ""
	}
	v := f.Go.Version
	if parts := strings.SplitN(v, ".", 3); len(parts) == 3 {
		v = parts[0] + "." + parts[1]
	}
	return v
}

// toolchainEnv is what the session needs to know about the toolchain.
type toolchainEnv struct {
	GOVERSION, GOFLAGS, GOOS, CGO_ENABLED, GOTOOLDIR, CC, GOROOT, GOMODCACHE string
}

func goEnv(goBin string, extra []string) (toolchainEnv, error) {
	cmd := exec.Command(goBin, "env", "-json", "GOVERSION", "GOFLAGS", "GOOS", "CGO_ENABLED", "GOTOOLDIR", "CC", "GOROOT", "GOMODCACHE")
	cmd.Env = append(os.Environ(), extra...)
	out, err := cmd.Output()
	if err != nil {
		return toolchainEnv{}, fmt.Errorf("live: %s env: %w", goBin, err)
	}
	var env toolchainEnv
	if err := json.Unmarshal(out, &env); err != nil {
		return toolchainEnv{}, fmt.Errorf("live: decode go env: %w", err)
	}
	return env, nil
}

// moduleFiles returns the go.mod and go.sum of a session module: it
// requires the project at projectDir (when set) through a replace
// directive, with the project's go.sum, so builds need no network.
func moduleFiles(projectDir, goVersion string) (gomod, gosum []byte, err error) {
	goVersion = strings.TrimPrefix(goVersion, "go")
	if i := strings.IndexAny(goVersion, " -"); i >= 0 {
		goVersion = goVersion[:i]
	}
	if projectDir == "" {
		return fmt.Appendf(nil, "module %s\n\ngo %s\n", sessionModule, goVersion), nil, nil
	}
	abs, err := filepath.Abs(projectDir)
	if err != nil {
		return nil, nil, fmt.Errorf("live: project directory %q: %w", projectDir, err)
	}
	data, err := os.ReadFile(filepath.Join(abs, "go.mod"))
	if err != nil {
		return nil, nil, fmt.Errorf("live: read the project's go.mod (is %q the nnbook source tree?): %w", projectDir, err)
	}
	mf, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil || mf.Module == nil {
		return nil, nil, fmt.Errorf("live: parse %s: no module line or %v", filepath.Join(abs, "go.mod"), err)
	}
	if mf.Go != nil {
		goVersion = mf.Go.Version
	}
	mod := mf.Module.Mod.Path
	gomod = fmt.Appendf(nil, "module %s\n\ngo %s\n\nrequire %s v0.0.0\n\nreplace %s => %s\n",
		sessionModule, goVersion, mod, mod, modfile.AutoQuote(abs))
	gosum, err = os.ReadFile(filepath.Join(abs, "go.sum"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("live: read the project's go.sum: %w", err)
	}
	return gomod, gosum, nil
}

// Execute runs one cell: it translates the cell into a new package of the
// session module, builds it as a plugin and runs it in the worker. The
// notebook's definitions change only once the plugin has loaded.
func (s *Session) Execute(ctx context.Context, req cell.Request, out cell.Output) cell.Result {
	code, timed, res := s.magics(ctx, req, out)
	if res != nil {
		return *res
	}
	if strings.TrimSpace(code) == "" {
		return cell.Result{}
	}
	start := time.Now()
	s.mu.Lock()
	s.seq++
	seq, st, w := s.seq, s.st, s.w
	s.mu.Unlock()
	if w == nil {
		msg := "no worker is running (starting one failed; see the kernel's log): restart the kernel"
		return cell.Result{Err: &cell.Error{Name: "WorkerDied", Value: msg, Traceback: []string{ansiRed + "WorkerDied" + ansiReset + ": " + msg}}}
	}

	pkgPath := sessionModule + "/cells/c" + itoa(seq)
	s.exports.setContext(ctx)
	defer s.exports.setContext(nil)
	tr, err := s.tr.translate(st, code, req.ExecutionCount, pkgPath, nil)
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
			tr, err = s.tr.translate(st, code, req.ExecutionCount, pkgPath, auto)
		}
	}
	if ctx.Err() != nil {
		msg := "the cell was interrupted while its imports were being built"
		return cell.Result{Err: &cell.Error{Name: "Interrupted", Value: msg, Traceback: []string{ansiRed + "Interrupted" + ansiReset + ": " + msg}}}
	}
	if err != nil {
		return cell.Result{Err: asError(err)}
	}
	times := buildTimes{check: time.Since(start)}
	so, e := s.build(ctx, seq, tr, &times)
	if e != nil {
		return cell.Result{Err: e}
	}
	var rep reply
	if tr.runs {
		start = time.Now()
		rep, err = w.run(ctx, req.MsgID, request{Plugin: so, Args: cellArgs(code)}, out, s.cfg.Grace)
		times.run = time.Since(start)
	}
	s.log.Info("cell ran", "cell", req.ExecutionCount, "check", times.check, "compile", times.compile, "link", times.link, "run", times.run)
	s.mu.Lock()
	s.times = times
	s.mu.Unlock()
	if timed {
		out.Stream("stdout", fmt.Appendf(nil, "%%time: %v (check %v, compile %v, link %v, load and run %v)\n",
			(times.check+times.compile+times.link+times.run).Round(time.Millisecond),
			times.check.Round(time.Millisecond/10), times.compile.Round(time.Millisecond), times.link.Round(time.Millisecond), times.run.Round(time.Millisecond)))
	}
	if err != nil {
		if ctx.Err() != nil {
			return cell.Result{Err: s.restart(w, "Interrupted", fmt.Sprintf("the cell did not stop within %v of the interrupt", s.cfg.Grace))}
		}
		w.kill()
		return cell.Result{Err: s.restart(w, "WorkerDied", fmt.Sprintf("the worker process exited (%v)", w.exitErr))}
	}
	if strings.Contains(rep.LoadError, "different version of package") {
		// A package the notebook loaded changed on disk (go.mod or the
		// project's source was edited): its new build cannot join the old.
		return cell.Result{Err: s.restart(w, "LoadError", "a package changed since the session loaded it ("+rep.LoadError+")")}
	}
	if rep.LoadError != "" {
		return cell.Result{Err: &cell.Error{Name: "LoadError", Value: rep.LoadError,
			Traceback: []string{ansiRed + "LoadError" + ansiReset + ": " + rep.LoadError}}}
	}
	s.mu.Lock()
	s.st = tr.next
	s.mu.Unlock()
	if e := interruptError(rep.Panic, rep.Stack); e != nil {
		return cell.Result{Err: e}
	}
	if rep.Panic != "" {
		return cell.Result{Err: panicError(rep.Panic, rep.Stack)}
	}
	if ctx.Err() != nil {
		msg := "the cell was interrupted; the session's variables are kept"
		return cell.Result{Err: &cell.Error{Name: "Interrupted", Value: msg, Traceback: []string{ansiRed + "Interrupted" + ansiReset + ": " + msg}}}
	}
	return cell.Result{Value: rep.Value}
}

// restart replaces the worker old, which died, did not stop after an
// interrupt or cannot load the cell, and returns the cell's error, named
// name, saying why and that the notebook's state went with the worker.
func (s *Session) restart(old *worker, name, why string) *cell.Error {
	msg := why + ", so the worker was restarted: the session's variables and definitions were lost"
	e := &cell.Error{Name: name, Value: msg, Traceback: []string{ansiRed + name + ansiReset + ": " + msg}}
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
	err := s.exports.reset()
	var w *worker
	if err == nil {
		w, err = startWorker(s.workerBin, s.dir, append(os.Environ(), s.cfg.Env...), s.log)
	}
	s.mu.Lock()
	s.st, s.w = newState(), w
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
func buildError(out string) *cell.Error {
	e := &cell.Error{Name: "CompileError"}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, "# ") || line == "" {
			continue
		}
		line = demangle(line)
		if m := compilerLine.FindStringSubmatch(line); m != nil {
			if e.Value == "" {
				e.Value = m[2]
			}
			line = ansiRed + m[1] + ansiReset + ": " + m[2]
		}
		e.Traceback = append(e.Traceback, line)
	}
	if e.Value == "" && len(e.Traceback) > 0 {
		e.Value = e.Traceback[0]
	}
	return e
}

// frameFile matches the file line of a stack frame: "\tcell[3]:12 +0x1d".
var frameFile = regexp.MustCompile(`^\t(.*):(\d+)(?: \+0x[0-9a-f]+)?$`)

// panicError reports a panic recovered in the cell's goroutine, with the
// frames of cell code in cell lines and the worker's frames dropped.
func panicError(msg, stack string) *cell.Error {
	msg = demangle(msg)
	e := &cell.Error{Name: "panic", Value: msg, Traceback: []string{ansiRed + "panic" + ansiReset + ": " + msg, ""}}
	lines := strings.Split(strings.TrimRight(stack, "\n"), "\n")
	for i := 0; i+1 < len(lines); i++ {
		m := frameFile.FindStringSubmatch(lines[i+1])
		if m == nil || strings.HasPrefix(lines[i], "\t") {
			continue
		}
		fn, file := lines[i], m[1]
		i++
		switch {
		case strings.HasPrefix(file, "cell["):
			e.Traceback = append(e.Traceback, demangle(fn), "\t"+ansiRed+file+":"+m[2]+ansiReset)
		case strings.HasPrefix(fn, "runtime") || strings.HasPrefix(fn, "panic(") || strings.HasPrefix(fn, "main.") || strings.HasPrefix(fn, sessionModule+"/plugins/"):
		default:
			if !strings.Contains(file, filepath.Join("go", "src", "runtime")) {
				e.Traceback = append(e.Traceback, demangle(fn), lines[i])
			}
		}
	}
	return e
}

// asError converts a translation error into the cell's error.
func asError(err error) *cell.Error {
	var e *cell.Error
	if errors.As(err, &e) {
		return e
	}
	return &cell.Error{Name: "Error", Value: err.Error()}
}

// Complete returns completions for the identifier ending at cursor: the
// notebook's live names and what [cell.Session.Complete] offers.
func (s *Session) Complete(code string, cursor int) (matches []string, start, end int) {
	matches, start, end = s.editor.Complete(code, cursor)
	runes := []rune(code)
	if start > 0 && runes[start-1] == '.' {
		return matches, start, end
	}
	prefix := string(runes[start:end])
	s.mu.Lock()
	for name := range s.st.defs {
		if strings.HasPrefix(name, prefix) && name != prefix {
			matches = append(matches, name)
		}
	}
	s.mu.Unlock()
	slices.Sort(matches)
	return slices.Compact(matches), start, end
}

// Inspect returns the documentation of the symbol at cursor; see
// [cell.Session.Inspect].
func (s *Session) Inspect(code string, cursor, detailLevel int) (map[string]any, bool) {
	return s.editor.Inspect(code, cursor, detailLevel)
}

// IsComplete reports whether code is ready to run; see
// [cell.Session.IsComplete].
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
	err := s.editor.Close()
	if rerr := os.RemoveAll(s.dir); rerr != nil {
		err = errors.Join(err, fmt.Errorf("live: remove session directory: %w", rerr))
	}
	return err
}
