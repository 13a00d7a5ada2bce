package modules

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/mod/modfile"
)

// DefaultTimeout bounds one resolution when [Resolver.Timeout] is zero.
const DefaultTimeout = 5 * time.Minute

// Resolver adds to a session module the modules that provide the import
// paths its cells use, with `go get` in the user's Go environment: the
// process's environment and go env's configuration file (GOPROXY,
// GOPRIVATE, GONOPROXY, GONOSUMDB, GOSUMDB, GOFLAGS), and the credentials
// in .netrc, as the go command reads them. The module cache is asked
// before GOPROXY, so a module that is cached resolves offline (to its
// newest cached version; `%go get m@latest` asks the network). Builds
// themselves stay offline: they run after the session's go.mod lists the
// module.
//
// Its methods may be called from one goroutine at a time.
type Resolver struct {
	// Go is the go command. Empty: "go" from PATH.
	Go string
	// Env is added to the environment of go get, after the process's own.
	Env []string
	// Source is where the session's nnbook comes from; nil when [Find]
	// found nothing, and then Missing says why.
	Source *Source
	// Missing is Find's error when Source is nil: importing nnbook's
	// packages fails with it.
	Missing error
	// Timeout bounds one resolution. Zero: [DefaultTimeout].
	Timeout time.Duration

	once sync.Once
	env  goEnv
	err  error
}

// goEnv is the part of the user's go environment the resolver reads.
type goEnv struct {
	GOPROXY    string
	GOMODCACHE string
	GOFLAGS    string
}

// ResolveError is a failed resolution: the import paths, what the go
// command said, and what to do about it.
type ResolveError struct {
	Paths []string
	// Output is the go command's error output.
	Output string
	// Hint says what to do; empty when there is nothing general to say.
	Hint string
}

func (e *ResolveError) Error() string {
	msg := fmt.Sprintf("cannot add the module for %s to the session: %s", strings.Join(e.Paths, ", "), strings.TrimSpace(e.Output))
	if e.Hint != "" {
		msg += "\n" + e.Hint
	}
	return msg
}

// progressKey is the context key of the progress writer.
type progressKey struct{}

// WithProgress returns ctx carrying w, which receives the go command's
// progress ("go: downloading m v1.2.3") while a module is added: the
// running cell's stderr.
func WithProgress(ctx context.Context, w io.Writer) context.Context {
	return context.WithValue(ctx, progressKey{}, w)
}

// Ensure makes the import paths importable in the session module in dir.
// Paths that the standard library or a module the session requires (or
// replaces) provides are left to the build; for the others Ensure runs go
// get, writing its progress to the writer of [WithProgress]. It is
// cancelled with ctx (an interrupt) and bounded by r.Timeout.
func (r *Resolver) Ensure(ctx context.Context, dir string, paths []string) error {
	mf, err := readModFile(dir)
	if err != nil {
		return err
	}
	var need []string
	for _, p := range paths {
		switch {
		case isStd(p) || covered(mf, p):
		case within(p, Module) && r.Source == nil:
			return fmt.Errorf("cannot import %s: %w", p, r.Missing)
		default:
			need = append(need, p)
		}
	}
	if len(need) == 0 {
		return nil
	}
	return r.get(ctx, dir, need)
}

// get runs go get for paths in dir.
func (r *Resolver) get(ctx context.Context, dir string, paths []string) error {
	env, err := r.goEnv()
	if err != nil {
		return err
	}
	timeout := r.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(tctx, r.goBin(), append([]string{"get"}, paths...)...)
	cmd.Dir = dir
	cmd.Env = r.resolveEnv(env)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var output bytes.Buffer
	var w io.Writer = &output
	if p, ok := ctx.Value(progressKey{}).(io.Writer); ok && p != nil {
		w = io.MultiWriter(p, &output)
	}
	cmd.Stdout, cmd.Stderr = w, w
	err = cmd.Run()
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return &ResolveError{Paths: paths, Output: "interrupted while go get was running", Hint: "the session's go.mod is as it was"}
	case tctx.Err() != nil:
		return &ResolveError{Paths: paths, Output: fmt.Sprintf("go get took longer than %v", timeout),
			Hint: "check the network and GOPROXY; modules in the module cache work offline"}
	}
	return &ResolveError{Paths: paths, Output: output.String(), Hint: hint(output.String(), env.GOPROXY)}
}

// resolveEnv is the environment of the go commands that resolve modules:
// the user's, with the module cache asked first and -mod=mod.
func (r *Resolver) resolveEnv(env goEnv) []string {
	return append(r.baseEnv(),
		"GOFLAGS="+strings.TrimSpace(env.GOFLAGS+" -mod=mod"),
		"GOPROXY="+cacheFirst(env.GOMODCACHE, env.GOPROXY),
		"GOWORK=off",
		"GOTOOLCHAIN=local",
	)
}

// hint says what to do about the go command's error output out.
func hint(out, proxy string) string {
	switch {
	case strings.Contains(out, "GOPROXY=off") || strings.Contains(out, "module lookup disabled"):
		return "The module is not in the module cache, and GOPROXY=off forbids downloading it. " +
			"Set GOPROXY to your module proxy or to \"direct\" where the kernel runs (the \"env\" of kernel.json, " +
			"or go env -w GOPROXY=...), or put the module in the cache with go mod download."
	case networkError(out):
		return "The module proxy or the module's repository cannot be reached (no network?); GOPROXY is " + fmt.Sprintf("%q", proxy) + ". " +
			"Modules in the module cache work offline. Connect to the network, set GOPROXY to a proxy you can reach, " +
			"or download the module on a connected machine (go mod download) into this module cache."
	case strings.Contains(out, "cannot find module providing package") || strings.Contains(out, "no matching versions") || strings.Contains(out, "not found"):
		return "Check the import path; for a module that is not published, point the session at its directory with %go mod edit -replace MODULE=DIR."
	case strings.Contains(out, "410 Gone") || strings.Contains(out, "terminal prompts disabled") || strings.Contains(out, "authentication"):
		return "For a private module set GOPRIVATE (or GONOPROXY and GONOSUMDB) for its path and put its credentials in .netrc, as for the go command."
	}
	return ""
}

// networkError reports whether the go command's output out says that a
// host could not be reached.
func networkError(out string) bool {
	for _, s := range []string{"dial tcp", "no such host", "connection refused", "network is unreachable", "i/o timeout", "TLS handshake timeout", "server misbehaving"} {
		if strings.Contains(out, s) {
			return true
		}
	}
	return false
}

// cacheFirst returns the GOPROXY list that asks the module cache modCache
// (laid out as a proxy in its cache/download directory) before the user's
// proxy list.
func cacheFirst(modCache, proxy string) string {
	if modCache == "" {
		return proxy
	}
	cache := "file://" + filepath.ToSlash(filepath.Join(modCache, "cache", "download"))
	if proxy == "" {
		return cache
	}
	return cache + "," + proxy
}

// goEnv reads the user's go environment once.
func (r *Resolver) goEnv() (goEnv, error) {
	r.once.Do(func() {
		cmd := exec.Command(r.goBin(), "env", "-json", "GOPROXY", "GOMODCACHE", "GOFLAGS")
		cmd.Env = r.baseEnv()
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			r.err = fmt.Errorf("modules: %s env: %v: %s", r.goBin(), err, strings.TrimSpace(stderr.String()))
			return
		}
		r.err = json.Unmarshal(out, &r.env)
	})
	return r.env, r.err
}

func (r *Resolver) goBin() string {
	if r.Go == "" {
		return "go"
	}
	return r.Go
}

func (r *Resolver) baseEnv() []string {
	return append(os.Environ(), r.Env...)
}

// readModFile parses the go.mod of the session module in dir.
func readModFile(dir string) (*modfile.File, error) {
	name := filepath.Join(dir, "go.mod")
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("modules: read the session's go.mod: %w", err)
	}
	// Parse, not ParseLax: the session's replace directives count.
	mf, err := modfile.Parse(name, data, nil)
	if err != nil {
		return nil, fmt.Errorf("modules: %w", err)
	}
	return mf, nil
}

// isStd reports whether path is a standard library path: its first
// element has no dot, the go command's rule.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// covered reports whether the session module mf, a module it requires or
// one it replaces provides path's module.
func covered(mf *modfile.File, path string) bool {
	if mf.Module != nil && within(path, mf.Module.Mod.Path) {
		return true
	}
	for _, r := range mf.Require {
		if within(path, r.Mod.Path) {
			return true
		}
	}
	for _, r := range mf.Replace {
		if within(path, r.Old.Path) {
			return true
		}
	}
	return false
}

// within reports whether path is mod or a package below it.
func within(path, mod string) bool {
	return path == mod || strings.HasPrefix(path, mod+"/")
}
