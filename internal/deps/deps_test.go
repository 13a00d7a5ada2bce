package deps

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/nnbook/nnbook"

// TestImportDirection runs `go list -deps` on each tree and fails when it
// reaches a package the tree must not depend on.
func TestImportDirection(t *testing.T) {
	rules := []struct {
		tree      string
		forbidden []string
	}{
		{"./nnkit/...", []string{module + "/kernel", module + "/gpu"}},
		{"./gpu/...", []string{module + "/nnkit"}},
		{"./kernel/...", []string{module + "/nnkit"}},
		{"./kernel/interrupt", []string{"github.com/go-zeromq/zmq4", module + "/kernel/live", module + "/kernel/cell", module + "/kernel/display", module + "/kernel/wire"}},
	}
	for _, r := range rules {
		t.Run(r.tree, func(t *testing.T) {
			cmd := exec.Command("go", "list", "-deps", r.tree)
			cmd.Dir = "../.."
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("go list -deps %s: %v\n%s", r.tree, err, errText(err))
			}
			for _, pkg := range strings.Fields(string(out)) {
				for _, f := range r.forbidden {
					if pkg == f || strings.HasPrefix(pkg, f+"/") {
						t.Errorf("%s depends on %s, which it must not import", r.tree, pkg)
					}
				}
			}
		})
	}
}

func errText(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return err.Error()
}
