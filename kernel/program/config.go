package program

import (
	"log/slog"
	"os"

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
