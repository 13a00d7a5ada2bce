package program_test

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/mod/module"

	"github.com/nnbook/nnbook/internal/goproxy"
	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
	"github.com/nnbook/nnbook/kernel/modules"
	"github.com/nnbook/nnbook/kernel/program"
)

// TestExecuteAddsModule imports a module the session does not have, served
// by a file GOPROXY into an empty module cache: the program executor adds
// it before the build, with the go command's progress on stderr.
func TestExecuteAddsModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a cell program; skipped with -short")
	}
	proxy := t.TempDir()
	files := map[string][]byte{
		"go.mod":  []byte("module example.test/tiny\n\ngo 1.22\n"),
		"tiny.go": []byte("package tiny\n\nconst Answer = 42\n"),
	}
	if err := goproxy.Add(proxy, module.Version{Path: "example.test/tiny", Version: "v1.0.0"}, files); err != nil {
		t.Fatal(err)
	}
	env := []string{"GOPROXY=" + goproxy.URL(proxy), "GOMODCACHE=" + t.TempDir(), "GONOSUMDB=example.test", "GOFLAGS=-modcacherw"}
	s, err := program.NewSession(program.Config{Env: env, Resolver: &modules.Resolver{Env: env}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out contracttest.Recorder
	res := s.Execute(context.Background(), contract.Request{Code: "import \"example.test/tiny\"\n\nfmt.Println(tiny.Answer)", ExecutionCount: 1}, &out)
	if res.Err != nil {
		t.Fatalf("cell: %v\n%s", res.Err, traceback(res.Err))
	}
	if out.Stdout() != "42\n" || !strings.Contains(out.Stderr(), "example.test/tiny v1.0.0") {
		t.Errorf("stdout %q, stderr %q; want 42 and go get's progress naming the module", out.Stdout(), out.Stderr())
	}

	out = contracttest.Recorder{}
	res = s.Execute(context.Background(), contract.Request{Code: "import \"example.test/absent\"\n\nfmt.Println(absent.X)", ExecutionCount: 2}, &out)
	if res.Err == nil || res.Err.Name != "ModuleError" || !strings.Contains(res.Err.Value, "example.test/absent") {
		t.Errorf("importing a module no proxy has: error %+v, want a ModuleError naming it", res.Err)
	}
}
