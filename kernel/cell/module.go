package cell

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"

	"golang.org/x/mod/modfile"
)

// Toolchain is the go command a session builds with and what the session
// needs to know about it.
type Toolchain struct {
	// Go is the absolute path of the go command.
	Go string
	// Env holds the go command's settings (go env).
	Env GoEnv
}

// GoEnv is the part of `go env` sessions use.
type GoEnv struct {
	GOVERSION, GOFLAGS, GOOS, CGO_ENABLED, GOTOOLDIR, CC, GOROOT, GOMODCACHE string
	// The settings that change compiled packages besides those above: a
	// build made under other values cannot share packages with this one.
	GOARCH, GOEXPERIMENT, GOAMD64, GOARM64, CGO_CFLAGS, CGO_CPPFLAGS, CGO_LDFLAGS string
}

// FindToolchain finds the go command goBin ("go" from PATH when empty)
// and reads its settings, with extra (KEY=value) added to the kernel's
// environment.
func FindToolchain(ctx context.Context, goBin string, extra []string) (Toolchain, error) {
	if goBin == "" {
		goBin = "go"
	}
	path, err := exec.LookPath(goBin)
	if err != nil {
		return Toolchain{}, fmt.Errorf("cell: find the go command %q: %w (install Go or set Config.Go)", goBin, err)
	}
	cmd := exec.CommandContext(ctx, path, "env", "-json", "GOVERSION", "GOFLAGS", "GOOS", "CGO_ENABLED", "GOTOOLDIR", "CC", "GOROOT", "GOMODCACHE",
		"GOARCH", "GOEXPERIMENT", "GOAMD64", "GOARM64", "CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_LDFLAGS")
	cmd.Env = append(os.Environ(), extra...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return Toolchain{}, fmt.Errorf("cell: %s env: %w: %s", path, err, strings.TrimSpace(stderr.String()))
	}
	t := Toolchain{Go: path}
	if err := json.Unmarshal(out, &t.Env); err != nil {
		return Toolchain{}, fmt.Errorf("cell: decode output of %s env: %w", path, err)
	}
	return t, nil
}

// BuildEnv is the environment of every go command a session runs: the
// kernel's environment, extra, and settings that keep builds offline and
// let cells import any package of the module graph.
func (t Toolchain) BuildEnv(extra []string) []string {
	return append(append(os.Environ(), extra...),
		"GOFLAGS="+strings.TrimSpace(t.Env.GOFLAGS+" -mod=mod"),
		"GOPROXY=off",
		"GOSUMDB=off",
		"GOWORK=off",
		"GOTOOLCHAIN=local",
	)
}

// ModuleFiles returns the go.mod and go.sum of a session module named
// module: it requires the project at projectDir (when set) through a
// replace directive, with the project's go.sum, so that builds resolve the
// project's pinned modules without network access. Without projectDir the
// module's go directive is the toolchain's version.
func (t Toolchain) ModuleFiles(module, projectDir string) (gomod, gosum []byte, err error) {
	goVersion := strings.TrimPrefix(t.Env.GOVERSION, "go")
	if i := strings.IndexAny(goVersion, " -"); i >= 0 {
		goVersion = goVersion[:i]
	}
	if projectDir == "" {
		return fmt.Appendf(nil, "module %s\n\ngo %s\n", module, goVersion), nil, nil
	}
	abs, err := filepath.Abs(projectDir)
	if err != nil {
		return nil, nil, fmt.Errorf("cell: project directory %q: %w", projectDir, err)
	}
	data, err := os.ReadFile(filepath.Join(abs, "go.mod"))
	if err != nil {
		return nil, nil, fmt.Errorf("cell: read the project's go.mod (is %q the nnbook source tree?): %w", projectDir, err)
	}
	mf, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil || mf.Module == nil {
		return nil, nil, fmt.Errorf("cell: parse %s: no module line or %v", filepath.Join(abs, "go.mod"), err)
	}
	if mf.Go != nil {
		goVersion = mf.Go.Version
	}
	mod := mf.Module.Mod.Path
	gomod = fmt.Appendf(nil, "module %s\n\ngo %s\n\nrequire %s v0.0.0\n\nreplace %s => %s\n",
		module, goVersion, mod, mod, modfile.AutoQuote(abs))
	gosum, err = os.ReadFile(filepath.Join(abs, "go.sum"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("cell: read the project's go.sum: %w", err)
	}
	return gomod, gosum, nil
}

// LangVersion returns the language version ("1.26") of the go directive
// of gomod, or "" when it has none.
func LangVersion(gomod []byte) string {
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

// RunTool runs the program path with args in dir with environment env and
// returns its combined output. Cancelling ctx kills it and every process
// it started (a go build's compilers and linker).
func RunTool(ctx context.Context, dir string, env []string, path string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}
