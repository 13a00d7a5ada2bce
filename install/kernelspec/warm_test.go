package kernelspec

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/modules"
)

// TestWarmFillsPluginCache warms the cache, then asks the go command, in a
// module laid out as the live executor's session module, for the
// plugin-mode archives of gonum/plot, gonbui and nnkit's model: with -x it
// prints every compile it has to run, and after the warm-up there must be
// none.
func TestWarmFillsPluginCache(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gonum, gonum/plot and nnkit when the cache is cold; skipped with -short")
	}
	goCmd, err := FindGo("", exec.LookPath)
	if err != nil {
		t.Skip(err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	src, err := modules.SourceTree(root)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var w bytes.Buffer
	if err := Warm(ctx, src, goCmd, &w); err != nil {
		t.Fatalf("warm: %v\n%s", err, w.String())
	}
	if w.Len() > 0 {
		t.Skipf("plugins are not available here: %s", w.String())
	}

	mod := t.TempDir()
	gomod := "module nnbook.session\n\ngo 1.26\n\nrequire " + modules.Module + " v0.0.0\n\nreplace " + modules.Module + " => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"go.mod": []byte(gomod), "go.sum": sum} {
		if err := os.WriteFile(filepath.Join(mod, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.CommandContext(ctx, goCmd, "list", "-buildmode=plugin", "-export", "-deps", "-x", "-f", "{{.ImportPath}}",
		"gonum.org/v1/plot/plotter", "github.com/janpfeifer/gonb/gonbui", modules.Module+"/nnkit/model")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	if compiles := regexp.MustCompile(`(?m)/compile .*$`).FindAllString(stderr.String(), 5); len(compiles) > 0 {
		t.Errorf("after the warm-up, plugin mode still compiles %d+ packages, e.g.\n%s", len(compiles), compiles[0])
	}
}
