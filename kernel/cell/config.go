package cell

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strings"

	"github.com/nnbook/nnbook/kernel/modules"
)

// Config configures a [Session].
type Config struct {
	// ProjectDir is the source tree holding the go.mod of
	// github.com/nnbook/nnbook, so that cells can import nnkit and resolve
	// gonum, gonum/plot and gonbui at the project's pinned versions. Empty:
	// cells cannot import the project, and only the standard library and
	// packages already in the module cache resolve.
	ProjectDir string
	// Modules, when set, says where the session's nnbook comes from (a
	// source tree or a module version; see package modules) and gives the
	// session's go.mod and go.sum in place of ProjectDir's. ProjectDir is
	// then Modules.Dir.
	Modules *modules.Source
	// Resolver, when set, adds the modules that provide the imports of
	// cells that the session lacks, before each build; nil: cells import
	// only what the session's go.mod provides.
	Resolver *modules.Resolver
	// Go is the path of the go command. Empty: "go" from PATH.
	Go string
	// Logger receives build and run events. Nil: nothing is logged.
	Logger *slog.Logger
	// Env is added to the environment of the builds and of the cell
	// programs (KEY=value), after the kernel's own environment.
	Env []string
}

// goEnv is what the session needs to know about the toolchain.
type goEnv struct {
	GOROOT     string
	GOMODCACHE string
	GOVERSION  string
	GOFLAGS    string
}

// toolchain returns the go command of cfg and its environment.
func (cfg Config) toolchain(ctx context.Context) (string, goEnv, error) {
	goBin := cfg.Go
	if goBin == "" {
		goBin = "go"
	}
	path, err := exec.LookPath(goBin)
	if err != nil {
		return "", goEnv{}, fmt.Errorf("cell: find the go command %q: %w (install Go or set Config.Go)", goBin, err)
	}
	cmd := exec.CommandContext(ctx, path, "env", "-json", "GOROOT", "GOMODCACHE", "GOVERSION", "GOFLAGS")
	cmd.Env = append(os.Environ(), cfg.Env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", goEnv{}, fmt.Errorf("cell: %s env: %w: %s", path, err, strings.TrimSpace(stderr.String()))
	}
	var env goEnv
	if err := json.Unmarshal(out, &env); err != nil {
		return "", goEnv{}, fmt.Errorf("cell: decode output of %s env: %w", path, err)
	}
	return path, env, nil
}

// buildEnv is the environment of every go command the session runs: the
// kernel's environment, cfg.Env, and settings that keep builds offline and
// let cells import any package of the module graph.
func (cfg Config) buildEnv(env goEnv) []string {
	flags := strings.TrimSpace(env.GOFLAGS + " -mod=mod")
	return append(append(os.Environ(), cfg.Env...),
		"GOFLAGS="+flags,
		"GOPROXY=off",
		"GOSUMDB=off",
		"GOWORK=off",
		"GOTOOLCHAIN=local",
	)
}

// runEnv is the environment of the cell programs.
func (cfg Config) runEnv() []string {
	return append(os.Environ(), cfg.Env...)
}

// logger returns cfg.Logger or a logger that discards everything.
func (cfg Config) logger() *slog.Logger {
	if cfg.Logger != nil {
		return cfg.Logger
	}
	return slog.New(slog.DiscardHandler)
}
