package modules

import (
	"fmt"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// Module is the module path of nnbook, which holds nnkit.
const Module = "github.com/nnbook/nnbook"

// EnvSource names the environment variable that points the kernel at an
// nnbook source tree; it wins over everything the binary recorded.
const EnvSource = "NNBOOK_SOURCE"

// recordedSource is the source tree the binary was built from, set at link
// time by `go run ./install` through [LinkFlag]; empty otherwise.
var recordedSource string

// LinkFlag returns the -ldflags argument that records dir in the binary as
// its source tree, for `go build -ldflags=...`. The value is quoted as the
// go command splits -ldflags, so dir may contain spaces.
func LinkFlag(dir string) string {
	return "-X=" + quoteFlag(Module+"/kernel/modules.recordedSource="+dir)
}

// quoteFlag quotes s for the go command's flag splitting when it has to.
func quoteFlag(s string) string {
	if !strings.ContainsAny(s, " \t\n\r'\"") {
		return s
	}
	if !strings.Contains(s, "'") {
		return "'" + s + "'"
	}
	return `"` + s + `"`
}

// Source says where a session's copy of nnbook comes from.
type Source struct {
	// Dir holds nnbook's files: a source tree, or the module's directory in
	// the module cache. Cells' auto-imports index the packages there.
	Dir string
	// Version is nnbook's module version, required by the session; empty
	// for a source tree, which the session requires through a replace
	// directive.
	Version string
	// Requires are the other modules: nnbook's go.mod requirements and the
	// versions the binary was built with (build info), the higher where
	// both name a module. The session requires them too, so cells see the
	// same gonum, gonum/plot and gonbui as the kernel.
	Requires []module.Version
	// GoVersion is the go directive of nnbook's go.mod.
	GoVersion string
	// GoSum is the session's starting go.sum: nnbook's own, and the hashes
	// of nnbook itself when it comes from a module version.
	GoSum []byte
	// Origin says in words how the source was found, for logs.
	Origin string
}

// ModFile returns the go.mod of a session module named path that
// requires nnbook as s says. goVersion (a go.mod's or a toolchain's
// GOVERSION) is used when nnbook's go.mod has no go directive.
func (s *Source) ModFile(path, goVersion string) []byte {
	if s.GoVersion != "" {
		goVersion = s.GoVersion
	}
	// A toolchain's GOVERSION (go1.26.8 X:nocoverageredesign) to a go.mod's.
	goVersion = strings.TrimPrefix(goVersion, "go")
	if i := strings.IndexAny(goVersion, " -"); i >= 0 {
		goVersion = goVersion[:i]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "module %s\n\ngo %s\n", path, goVersion)
	if s.Version == "" {
		fmt.Fprintf(&b, "\nrequire %s v0.0.0\n\nreplace %s => %s\n", Module, Module, modfile.AutoQuote(s.Dir))
		return []byte(b.String())
	}
	fmt.Fprintf(&b, "\nrequire (\n\t%s %s\n", Module, s.Version)
	for _, m := range s.Requires {
		fmt.Fprintf(&b, "\t%s %s\n", modfile.AutoQuote(m.Path), m.Version)
	}
	b.WriteString(")\n")
	return []byte(b.String())
}
