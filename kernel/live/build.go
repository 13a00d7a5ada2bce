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
	steps := s.tc.buildSteps(s.dir, seq, tr, s.exports.has(gonbuiPath))
	for p, src := range steps.files {
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return "", contract.NewError("BuildError", err.Error())
		}
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			return "", contract.NewError("BuildError", err.Error())
		}
	}
	start := time.Now()
	for _, r := range steps.runs {
		// Each run sees the archives of the runs before it.
		if err := os.WriteFile(steps.importcfg, s.exports.importcfg(s.archives), 0o600); err != nil {
			return "", contract.NewError("BuildError", err.Error())
		}
		if r.tool == "link" {
			times.compile = time.Since(start)
			start = time.Now()
		}
		if out, err := s.tool(ctx, r.tool, r.args...); err != nil {
			return "", s.toolError(ctx, out, err)
		}
		if r.pkgPath != "" {
			s.archives[r.pkgPath] = r.archive
		}
	}
	if steps.plugin == "" {
		times.compile = time.Since(start)
		return "", nil
	}
	times.link = time.Since(start)
	return steps.plugin, nil
}

// buildSteps is the build of one cell: the files to write and the tool
// runs, in order.
type buildSteps struct {
	// files are the cell package's and the plugin main package's sources
	// by path.
	files map[string]string
	// importcfg is the path of the compiler's and linker's import
	// configuration, written before each run.
	importcfg string
	runs      []toolRun
	// plugin is the path of the plugin the last run links; empty when the
	// cell has nothing to run.
	plugin string
}

// toolRun is one run of a tool of the toolchain.
type toolRun struct {
	tool string
	args []string
	// pkgPath and archive name the package archive a compile makes.
	pkgPath, archive string
}

// buildSteps returns the build of translation tr as cell package seq in
// the session module at dir. sync makes the plugin's Run wait for
// gonbui.Sync, once some cell linked gonbui.
func (tc toolchain) buildSteps(dir string, seq int, tr *translation, sync bool) buildSteps {
	cellPath := sessionModule + "/cells/c" + itoa(seq)
	mainPath := sessionModule + "/plugins/p" + itoa(seq)
	pkgDir := filepath.Join(dir, "cells", "c"+itoa(seq))
	mainDir := filepath.Join(dir, "plugins", "p"+itoa(seq))
	b := buildSteps{files: map[string]string{}, importcfg: filepath.Join(dir, "importcfg")}
	var cellFiles []string
	for name, src := range tr.files {
		b.files[filepath.Join(pkgDir, name)] = src
		cellFiles = append(cellFiles, filepath.Join(pkgDir, name))
	}
	slices.Sort(cellFiles)
	mainFile := filepath.Join(mainDir, "main.go")
	if sync {
		b.files[mainFile] = fmt.Sprintf(pluginMainSync, cellPath, gonbuiPath, entryName, varsName)
	} else {
		b.files[mainFile] = fmt.Sprintf(pluginMain, cellPath, entryName, varsName)
	}
	cellArchive, mainArchive := pkgDir+".a", mainDir+".a"
	b.runs = append(b.runs, toolRun{tool: "compile", args: tc.compileArgs(cellPath, cellArchive, b.importcfg, cellFiles), pkgPath: cellPath, archive: cellArchive})
	if !tr.runs {
		return b
	}
	b.plugin = mainDir + ".so"
	b.runs = append(b.runs, toolRun{tool: "compile", args: tc.compileArgs(mainPath, mainArchive, b.importcfg, []string{mainFile})})
	// -s -w: the panic stacks need the pcln table, not DWARF or the
	// symbol table. -compressdwarf=false spares the linker's probe of the
	// driver for compressed debug sections (a C compile and link of its
	// own, ≈20 % of the CPU time of a trivial cell's link), pointless without DWARF.
	args := []string{"-o", b.plugin, "-importcfg", b.importcfg, "-installsuffix", "dynlink", "-pluginpath", mainPath,
		"-buildmode=plugin", "-s", "-w", "-compressdwarf=false", "-extld=" + tc.cc}
	for _, f := range tc.ldflags {
		args = append(args, "-extldflags="+f)
	}
	b.runs = append(b.runs, toolRun{tool: "link", args: append(args, mainArchive)})
	return b
}

// fastLinker returns the flags of the external linker driver that choose
// the fastest system linker found with lookPath: mold, else gold, else
// none (the driver's default, ld.bfd). Measured on the link of a trivial
// cell's plugin (2.9 MB), the driver's share took 17 ms of CPU with mold,
// 42 ms with gold, 45 ms with lld and 64 ms with ld.bfd.
func fastLinker(lookPath func(string) (string, error)) []string {
	for _, ld := range []string{"mold", "gold"} {
		if _, err := lookPath("ld." + ld); err == nil {
			return []string{"-fuse-ld=" + ld}
		}
	}
	return nil
}

// compileArgs are the compiler's arguments for one package of a plugin,
// as the go command gives them in plugin mode.
func (tc toolchain) compileArgs(pkgPath, out, cfg string, files []string) []string {
	return append([]string{"-o", out, "-p", pkgPath, "-lang=" + tc.lang, "-complete", "-installsuffix", "dynlink",
		"-goversion", tc.goVersion, "-c=2", "-dynlink", "-nolocalimports", "-importcfg", cfg, "-pack"}, files...)
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
