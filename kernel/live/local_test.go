package live_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
)

// writeLocal writes the module example.test/local into dir: a package
// local whose V returns v, and a package local/extra.
func writeLocal(t *testing.T, dir string, v string) {
	t.Helper()
	files := map[string]string{
		"go.mod":         "module example.test/local\n\ngo 1.22\n",
		"local.go":       "package local\n\n// V is the version of this code.\nfunc V() int { return " + v + " }\n",
		"extra/extra.go": "package extra\n\n// W is ten times V's first version.\nfunc W() int { return 10 }\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLocalModule develops a module next to a notebook: cells use it
// through a replace directive, see an edit of a package the worker has not
// loaded at once, keeping the session, and get a fresh worker, with a
// message naming the package, when a loaded package changed.
func TestLocalModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the worker; skipped with -short")
	}
	dir := t.TempDir()
	writeLocal(t, dir, "1")
	s := newSession(t, 0)
	ctx := context.Background()
	n := 0
	run := func(code string) (string, *contract.Error) {
		t.Helper()
		n++
		var out contracttest.Recorder
		res := s.Execute(ctx, contract.Request{Code: code, ExecutionCount: n}, &out)
		return out.Stdout(), res.Err
	}
	steps := []struct{ code, stdout string }{
		{"%go mod edit -require=example.test/local@v0.0.0 -replace=example.test/local=" + dir, ""},
		{"import \"example.test/local\"\n\nv := local.V()\nfmt.Println(v)", "1\n"},
	}
	for _, st := range steps {
		if got, err := run(st.code); err != nil || got != st.stdout {
			t.Fatalf("%q: stdout %q, error %v; want %q", st.code, got, err, st.stdout)
		}
	}

	// A package not loaded yet changes: the session goes on.
	time.Sleep(10 * time.Millisecond) // a later modification time
	extra := filepath.Join(dir, "extra", "extra.go")
	if err := os.WriteFile(extra, []byte("package extra\n\nfunc W() int { return 20 }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := run("import \"example.test/local/extra\"\n\nfmt.Println(v, extra.W())"); err != nil || got != "1 20\n" {
		t.Fatalf("after editing an unloaded package: stdout %q, error %v; want \"1 20\\n\" (v kept, the new W)", got, err)
	}

	// A loaded package changes: the worker restarts and says so.
	time.Sleep(10 * time.Millisecond)
	writeLocal(t, dir, "2")
	_, err := run("fmt.Println(local.V())")
	if err == nil || !strings.Contains(err.Value, "example.test/local") || !strings.Contains(err.Value, "lost") {
		t.Fatalf("after editing a loaded package: error %+v, want a restart naming example.test/local and what was lost", err)
	}
	if got, err := run("import \"example.test/local\"\n\nfmt.Println(local.V())"); err != nil || got != "2\n" {
		t.Errorf("after the restart: stdout %q, error %v; want the new code's 2", got, err)
	}
}

// TestWorkUse uses a local module as go work use would.
func TestWorkUse(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the worker; skipped with -short")
	}
	dir := t.TempDir()
	writeLocal(t, dir, "7")
	s := newSession(t, 0)
	var out contracttest.Recorder
	res := s.Execute(context.Background(), contract.Request{Code: "%go work use " + dir + "\nimport \"example.test/local\"\n\nfmt.Println(local.V())", ExecutionCount: 1}, &out)
	if res.Err != nil || out.Stdout() != "7\n" || !strings.Contains(out.Stderr(), "example.test/local") {
		t.Errorf("stdout %q, stderr %q, error %v; want 7 and a note naming the module", out.Stdout(), out.Stderr(), res.Err)
	}
	out = contracttest.Recorder{}
	res = s.Execute(context.Background(), contract.Request{Code: "%go work init", ExecutionCount: 2}, &out)
	if res.Err == nil || !strings.Contains(res.Err.Value, "not a workspace") {
		t.Errorf("%%go work init: error %v, want one that says what is supported", res.Err)
	}
}
