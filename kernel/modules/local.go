package modules

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
)

// LocalDirs returns the directories that the session module in dir uses
// in place of module versions: its replace directives with a directory on
// the right (`%go mod edit -replace m=DIR`, and nnbook's source tree).
func LocalDirs(dir string) ([]string, error) {
	mf, err := readModFile(dir)
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, r := range mf.Replace {
		if r.New.Version != "" {
			continue
		}
		d := r.New.Path
		if !filepath.IsAbs(d) {
			d = filepath.Join(dir, d)
		}
		dirs = append(dirs, filepath.Clean(d))
	}
	return dirs, nil
}

// ChangedSince reports whether a file the go command builds from (Go,
// assembly and C sources, go.mod) in one of the module directories dirs
// was modified after t. It skips what the go command ignores: testdata,
// and directories whose names begin with "." or "_".
func ChangedSince(dirs []string, t time.Time) bool {
	for _, root := range dirs {
		changed := false
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // a directory that vanished: the build says so
			}
			name := d.Name()
			if d.IsDir() {
				if p != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
					return filepath.SkipDir
				}
				return nil
			}
			if !buildFile(name) {
				return nil
			}
			if info, err := d.Info(); err == nil && info.ModTime().After(t) {
				changed = true
				return filepath.SkipAll
			}
			return nil
		})
		if changed {
			return true
		}
	}
	return false
}

// buildFile reports whether a file named name takes part in builds.
func buildFile(name string) bool {
	if name == "go.mod" {
		return true
	}
	for _, ext := range []string{".go", ".s", ".c", ".h", ".cc", ".cpp"} {
		if strings.HasSuffix(name, ext) && !strings.HasSuffix(name, "_test.go") {
			return true
		}
	}
	return false
}

// UseDir makes the session module in dir use the module in the directory
// local in place of any version, as `go work use local` does in a
// workspace: it adds a replace directive, and a requirement when the
// session has none for that module. It returns the module's path.
func (r *Resolver) UseDir(ctx context.Context, dir, local string) (string, error) {
	abs, err := filepath.Abs(local)
	if err != nil {
		return "", err
	}
	name := filepath.Join(abs, "go.mod")
	data, err := os.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("%s holds no module: %w", local, err)
	}
	path := modfile.ModulePath(data)
	if path == "" {
		return "", fmt.Errorf("%s has no module line", name)
	}
	mf, err := readModFile(dir)
	if err != nil {
		return "", err
	}
	args := []string{"mod", "edit", "-replace=" + path + "=" + abs}
	if !slices.ContainsFunc(mf.Require, func(req *modfile.Require) bool { return req.Mod.Path == path }) {
		args = append(args, "-require="+path+"@v0.0.0")
	}
	if out, err := r.Command(ctx, dir, args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return path, nil
}
