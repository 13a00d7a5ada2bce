package modules

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
)

// Command returns the go command `go args...` run in the session module in
// dir, in the user's Go environment as it is (GOPROXY, GOFLAGS, GOPRIVATE,
// …): what `%go get m@v`, `%go mod edit -replace m=DIR` or `%go list -m all`
// in a cell run. GOWORK=off keeps a workspace of the user's out of the
// session and GOTOOLCHAIN=local keeps the toolchain the kernel builds with.
// Cancelling ctx kills the command and its children.
func (r *Resolver) Command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, r.goBin(), args...)
	cmd.Dir = dir
	cmd.Env = append(r.baseEnv(), "GOWORK=off", "GOTOOLCHAIN=local")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	return cmd
}

// listFormat prints one module of go list -m: path@version, and what
// replaces it; a directory is not named, since it is this machine's.
const listFormat = `{{if not .Main}}{{.Path}}@{{.Version}}{{with .Replace}} => {{if .Version}}{{.Path}}@{{.Version}}{{else}}a local directory{{end}}{{end}}{{end}}`

// ListModules is [Resolver.List] with r, or, when r is nil (a session
// that adds no modules), with the go command goBin and environment env.
func ListModules(ctx context.Context, r *Resolver, goBin string, env []string, dir string) ([]string, error) {
	if r == nil {
		r = &Resolver{Go: goBin, Env: env}
	}
	return r.List(ctx, dir)
}

// List returns the modules of the session module in dir (go list -m all,
// without the session module itself) as path@version lines, for the
// record of a notebook run. It reads the module graph with the
// resolver's environment: a go.mod that the builds did not need is found
// in the module cache or through GOPROXY.
func (r *Resolver) List(ctx context.Context, dir string) ([]string, error) {
	env, err := r.goEnv()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, r.goBin(), "list", "-m", "-f", listFormat, "all")
	cmd.Dir = dir
	cmd.Env = r.resolveEnv(env)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("modules: go list -m all: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	var mods []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			mods = append(mods, line)
		}
	}
	return mods, nil
}
