package modules

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// FindConfig configures [Find].
type FindConfig struct {
	// Go is the go command. Empty: "go" from PATH.
	Go string
	// Env is added to the environment of the go commands Find runs, after
	// the process's own.
	Env []string
	// Getenv reads the environment. Nil: os.Getenv.
	Getenv func(string) string
	// WorkDir is the directory a relative $NNBOOK_SOURCE is relative to.
	// Empty: the current directory.
	WorkDir string
	// BuildInfo is the binary's build information. Nil: the running
	// binary's, from debug.ReadBuildInfo.
	BuildInfo *debug.BuildInfo
}

// NotFoundError is returned by [Find] when nnbook's packages cannot be
// found: it lists what was searched and says how to fix it.
type NotFoundError struct {
	// Searched has one line per place looked at, with what was found
	// wrong there.
	Searched []string
}

func (e *NotFoundError) Error() string {
	var b strings.Builder
	b.WriteString("nnbook's packages (nnkit, kernel/display/show) are not available to this session; searched:\n")
	for _, s := range e.Searched {
		b.WriteString("  - " + s + "\n")
	}
	b.WriteString("To fix it, set " + EnvSource + " to a clone of " + Module + " (the kernelspec's env in kernel.json for Jupyter), " +
		"or install the kernel from a clone with `go run ./install`, " +
		"or with `go install " + Module + "/kernel/cmd/nnbook@VERSION && nnbook install` (then the binary finds its own version in the module cache or through GOPROXY)")
	return b.String()
}

// Find returns where the session's copy of nnbook comes from: the source
// tree in $NNBOOK_SOURCE, else the source tree recorded in the binary at
// install, else the module version in the binary's build info (found in
// the module cache or downloaded through the user's GOPROXY). A
// $NNBOOK_SOURCE that is not an nnbook source tree is an error; when
// nothing is found the error is a [*NotFoundError].
func Find(ctx context.Context, cfg FindConfig) (*Source, error) {
	getenv := cfg.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if dir := getenv(EnvSource); dir != "" {
		if !filepath.IsAbs(dir) && cfg.WorkDir != "" {
			dir = filepath.Join(cfg.WorkDir, dir)
		}
		src, err := SourceTree(dir)
		if err != nil {
			return nil, fmt.Errorf("modules: %s=%s: %w; point it at a clone of %s or unset it", EnvSource, getenv(EnvSource), err, Module)
		}
		src.Origin = "$" + EnvSource + ", " + src.Dir
		return src, nil
	}
	var searched []string
	searched = append(searched, "$"+EnvSource+": unset")
	if recordedSource != "" {
		src, err := SourceTree(recordedSource)
		if err == nil {
			src.Origin = "the source tree recorded at install, " + src.Dir
			return src, nil
		}
		searched = append(searched, fmt.Sprintf("the source tree recorded when the binary was installed: %v (moved or deleted? run `go run ./install` again from the clone)", err))
	} else {
		searched = append(searched, "the source tree recorded when the binary was installed: none (the binary was not built by `go run ./install`)")
	}
	info := cfg.BuildInfo
	if info == nil {
		var ok bool
		if info, ok = debug.ReadBuildInfo(); !ok {
			info = &debug.BuildInfo{}
		}
	}
	version, why := releasedVersion(info)
	if version == "" {
		searched = append(searched, "the module version in the binary's build info: "+why)
		return nil, &NotFoundError{Searched: searched}
	}
	src, err := download(ctx, cfg, version)
	if err != nil {
		searched = append(searched, fmt.Sprintf("%s@%s, the version the binary was built from, in the module cache and through GOPROXY: %v", Module, version, err))
		return nil, &NotFoundError{Searched: searched}
	}
	src.Requires = mergeRequires(src.Requires, buildRequires(info))
	if err := prefetch(ctx, cfg, src); err != nil {
		searched = append(searched, fmt.Sprintf("the modules nnkit needs at the versions of %s@%s, in the module cache and through GOPROXY: %v", Module, version, err))
		return nil, &NotFoundError{Searched: searched}
	}
	src.Origin = "the module version the binary was built with, " + Module + "@" + version
	return src, nil
}

// SourceTree returns the Source of the nnbook source tree at dir, or an
// error when dir holds no go.mod of nnbook.
func SourceTree(dir string) (*Source, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	goVersion, err := readModule(abs)
	if err != nil {
		return nil, err
	}
	sum, err := os.ReadFile(filepath.Join(abs, "go.sum"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return &Source{Dir: abs, GoVersion: goVersion, GoSum: sum, Origin: "the source tree " + abs}, nil
}

// readModule checks that dir holds the go.mod of nnbook and returns its go
// directive.
func readModule(dir string) (goVersion string, err error) {
	name := filepath.Join(dir, "go.mod")
	data, err := os.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("no nnbook source tree at %s: %w", dir, err)
	}
	mf, err := modfile.ParseLax(name, data, nil)
	if err != nil {
		return "", err
	}
	if mf.Module == nil || mf.Module.Mod.Path != Module {
		return "", fmt.Errorf("%s is not the go.mod of %s", name, Module)
	}
	if mf.Go != nil {
		goVersion = mf.Go.Version
	}
	return goVersion, nil
}

// moduleRequires returns the requirements of the go.mod in dir.
func moduleRequires(dir string) ([]module.Version, error) {
	name := filepath.Join(dir, "go.mod")
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	mf, err := modfile.ParseLax(name, data, nil)
	if err != nil {
		return nil, err
	}
	var req []module.Version
	for _, r := range mf.Require {
		req = append(req, r.Mod)
	}
	return req, nil
}

// releasedVersion returns nnbook's module version from info when the
// binary was built from a module version (go install ...@VERSION), or
// "" and the reason why not.
func releasedVersion(info *debug.BuildInfo) (version, why string) {
	switch v := info.Main.Version; {
	case info.Main.Path != Module:
		return "", fmt.Sprintf("the main module is %q, not %s", info.Main.Path, Module)
	case v == "" || v == "(devel)":
		return "", "none (built in a source tree, not by `go install " + Module + "/kernel/cmd/nnbook@VERSION`)"
	case strings.HasSuffix(v, "+dirty"):
		return "", v + " (built from a source tree with uncommitted changes, which no proxy serves)"
	default:
		return v, ""
	}
}

// buildRequires returns the modules info lists besides the main module, at
// the versions the binary was built with. A module replaced by a directory
// is left out: the session cannot know that directory.
func buildRequires(info *debug.BuildInfo) []module.Version {
	var req []module.Version
	for _, d := range info.Deps {
		if d.Replace != nil && d.Replace.Version == "" {
			continue
		}
		req = append(req, module.Version{Path: d.Path, Version: d.Version})
	}
	return req
}

// prefetch downloads, into the module cache, the modules that the
// packages cells import from nnbook (nnkit, kernel/display) need: the
// binary links only the kernel's modules, and builds of cells run offline.
// It lists those packages in a module laid out as a session's, and keeps
// the go.sum the go command completes there as src.GoSum.
func prefetch(ctx context.Context, cfg FindConfig, src *Source) error {
	tmp, err := os.MkdirTemp("", "nnbook-prefetch-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	gomod, gosum := filepath.Join(tmp, "go.mod"), filepath.Join(tmp, "go.sum")
	if err := os.WriteFile(gomod, src.ModFile("nnbook.prefetch", ""), 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(gosum, src.GoSum, 0o600); err != nil {
		return err
	}
	goBin := cfg.Go
	if goBin == "" {
		goBin = "go"
	}
	cmd := exec.CommandContext(ctx, goBin, "list", "-deps", "-f", "{{.ImportPath}}", Module+"/nnkit/...", Module+"/kernel/display/...")
	cmd.Dir = tmp
	cmd.Env = append(append(os.Environ(), cfg.Env...), "GOWORK=off", "GO111MODULE=on", "GOFLAGS=-mod=mod")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go list -deps %s/nnkit/...: %v: %s", Module, err, strings.TrimSpace(stderr.String()))
	}
	sum, err := os.ReadFile(gosum)
	if err != nil {
		return err
	}
	src.GoSum = sum
	return nil
}

// mergeRequires returns the requirements of a and b, sorted by path, with
// the higher version of a path that both list. The session needs nnbook's
// go.mod requirements (direct and indirect) as well as the build's: with a
// complete list the go command need not look versions up to fill it in.
func mergeRequires(a, b []module.Version) []module.Version {
	max := map[string]string{}
	for _, m := range append(slices.Clone(a), b...) {
		if v, ok := max[m.Path]; !ok || semver.Compare(m.Version, v) > 0 {
			max[m.Path] = m.Version
		}
	}
	var req []module.Version
	for _, p := range slices.Sorted(maps.Keys(max)) {
		req = append(req, module.Version{Path: p, Version: max[p]})
	}
	return req
}

// downloaded is the part of `go mod download -json` that Find reads.
type downloaded struct {
	Dir      string
	Sum      string
	GoModSum string
	Error    string
}

// download finds nnbook@version in the module cache, or fetches it with
// the user's GOPROXY, and returns its Source.
func download(ctx context.Context, cfg FindConfig, version string) (*Source, error) {
	tmp, err := os.MkdirTemp("", "nnbook-find-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	goBin := cfg.Go
	if goBin == "" {
		goBin = "go"
	}
	// Outside any module, so no go.mod or go.work of the user's takes part.
	cmd := exec.CommandContext(ctx, goBin, "mod", "download", "-json", Module+"@"+version)
	cmd.Dir = tmp
	cmd.Env = append(append(os.Environ(), cfg.Env...), "GOWORK=off", "GO111MODULE=on")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, runErr := cmd.Output()
	var d downloaded
	if err := json.Unmarshal(out, &d); err != nil {
		if runErr != nil {
			return nil, fmt.Errorf("go mod download: %v: %s", runErr, strings.TrimSpace(stderr.String()))
		}
		return nil, fmt.Errorf("go mod download: decode its output: %v", err)
	}
	if d.Error != "" {
		return nil, errors.New(d.Error)
	}
	if runErr != nil {
		return nil, fmt.Errorf("go mod download: %v: %s", runErr, strings.TrimSpace(stderr.String()))
	}
	goVersion, err := readModule(d.Dir)
	if err != nil {
		return nil, err
	}
	requires, err := moduleRequires(d.Dir)
	if err != nil {
		return nil, err
	}
	sum, err := os.ReadFile(filepath.Join(d.Dir, "go.sum"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	sum = fmt.Appendf(sum, "%s %s %s\n%s %s/go.mod %s\n", Module, version, d.Sum, Module, version, d.GoModSum)
	return &Source{Dir: d.Dir, Version: version, GoVersion: goVersion, GoSum: sum, Requires: requires}, nil
}
