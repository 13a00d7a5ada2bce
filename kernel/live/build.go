package live

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/contract"
)

// toolchain is what a session needs to run the compiler and linker
// directly, without the go command's per-build overhead.
type toolchain struct {
	toolDir   string // GOTOOLDIR
	cc        string // the external linker driver, go env CC
	goVersion string // e.g. go1.26.8
	lang      string // the session module's language version, e.g. go1.26
	// ldflags are extra flags for the external linker.
	ldflags []string
}

// buildTimes is where one cell's time went.
type buildTimes struct {
	check, compile, link, run time.Duration
}

// build writes the cell package and its plugin main package, compiles
// both and links the plugin; it returns the plugin's path. Each cell
// package is compiled once: later plugins link the same archive, so the
// package hashes the runtime checks at load time agree. A cell with
// nothing to run (only functions, types and constants) is compiled and
// not linked: the plugins of the cells that use it carry it.
func (s *Session) build(ctx context.Context, seq int, tr *translation, times *buildTimes) (string, *contract.Error) {
	cellPath := sessionModule + "/cells/c" + itoa(seq)
	mainPath := sessionModule + "/plugins/p" + itoa(seq)
	pkgDir := filepath.Join(s.dir, "cells", "c"+itoa(seq))
	mainDir := filepath.Join(s.dir, "plugins", "p"+itoa(seq))
	var cellFiles []string
	files := map[string]string{}
	for name, src := range tr.files {
		files[filepath.Join(pkgDir, name)] = src
		cellFiles = append(cellFiles, filepath.Join(pkgDir, name))
	}
	slices.Sort(cellFiles)
	mainFile := filepath.Join(mainDir, "main.go")
	if s.exports.has(gonbuiPath) {
		// Some cell linked gonbui: its display requests must be delivered
		// before the cell's reply.
		files[mainFile] = fmt.Sprintf(pluginMainSync, cellPath, gonbuiPath, entryName, varsName)
	} else {
		files[mainFile] = fmt.Sprintf(pluginMain, cellPath, entryName, varsName)
	}
	for p, src := range files {
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return "", &contract.Error{Name: "BuildError", Value: err.Error()}
		}
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			return "", &contract.Error{Name: "BuildError", Value: err.Error()}
		}
	}

	start := time.Now()
	cellArchive, mainArchive, so := pkgDir+".a", mainDir+".a", mainDir+".so"
	cfgFile := filepath.Join(s.dir, "importcfg")
	if err := os.WriteFile(cfgFile, s.exports.importcfg(s.archives), 0o600); err != nil {
		return "", &contract.Error{Name: "BuildError", Value: err.Error()}
	}
	if out, err := s.tool(ctx, "compile", s.compileArgs(cellPath, cellArchive, cfgFile, cellFiles)...); err != nil {
		return "", s.toolError(ctx, out, err)
	}
	s.archives[cellPath] = cellArchive
	if !tr.runs {
		times.compile = time.Since(start)
		return "", nil
	}
	if err := os.WriteFile(cfgFile, s.exports.importcfg(s.archives), 0o600); err != nil {
		return "", &contract.Error{Name: "BuildError", Value: err.Error()}
	}
	if out, err := s.tool(ctx, "compile", s.compileArgs(mainPath, mainArchive, cfgFile, []string{mainFile})...); err != nil {
		return "", s.toolError(ctx, out, err)
	}
	times.compile = time.Since(start)
	start = time.Now()
	args := []string{"-o", so, "-importcfg", cfgFile, "-installsuffix", "dynlink", "-pluginpath", mainPath,
		"-buildmode=plugin", "-s", "-w", "-extld=" + s.tc.cc}
	for _, f := range s.tc.ldflags {
		args = append(args, "-extldflags="+f)
	}
	if out, err := s.tool(ctx, "link", append(args, mainArchive)...); err != nil {
		return "", s.toolError(ctx, out, err)
	}
	times.link = time.Since(start)
	return so, nil
}

// compileArgs are the compiler's arguments for one package of a plugin,
// as the go command gives them in plugin mode.
func (s *Session) compileArgs(pkgPath, out, cfg string, files []string) []string {
	return append([]string{"-o", out, "-p", pkgPath, "-lang=" + s.tc.lang, "-complete", "-installsuffix", "dynlink",
		"-goversion", s.tc.goVersion, "-c=2", "-dynlink", "-nolocalimports", "-importcfg", cfg, "-pack"}, files...)
}

// tool runs a tool of the toolchain in the session module; cancelling ctx
// kills it and what it started.
func (s *Session) tool(ctx context.Context, name string, args ...string) ([]byte, error) {
	// The tools run briefly: collecting garbage only slows them (by about
	// a tenth for a plugin's link).
	env := append(s.buildEnv[:len(s.buildEnv):len(s.buildEnv)], "GOGC=off")
	return cell.RunTool(ctx, s.dir, env, filepath.Join(s.tc.toolDir, name), args...)
}

// toolError reports a failed compile or link.
func (s *Session) toolError(ctx context.Context, out []byte, err error) *contract.Error {
	if ctx.Err() != nil {
		msg := "the build was interrupted"
		return contract.NewError("Interrupted", msg)
	}
	if len(bytes.TrimSpace(out)) == 0 {
		out = []byte(err.Error())
	}
	return buildError(string(out))
}

// gonbuiPath is the import path of gonbui, the cell side of displays.
const gonbuiPath = "github.com/janpfeifer/gonb/gonbui"

// pluginMainSync is the main package of a cell's plugin once gonbui is in
// the session: gonbui.Sync returns when the kernel has published every
// display request sent before it.
const pluginMainSync = `// Code generated by nnbook. DO NOT EDIT.

package main

import (
	cell %q
	gonbui %q
)

// Run runs the cell, then waits until its displays are published.
func Run() []any {
	defer gonbui.Sync()
	return cell.%s()
}

// Vars points to the variables the cell defines, by name.
var Vars = cell.%s
`

// pluginMain is the main package of a cell's plugin.
const pluginMain = `// Code generated by nnbook. DO NOT EDIT.

package main

import cell %q

// Run runs the cell.
func Run() []any { return cell.%s() }

// Vars points to the variables the cell defines, by name.
var Vars = cell.%s
`
