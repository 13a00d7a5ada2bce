package live_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
)

// TestGoMagic runs the go command and a shell command in the session's
// module, and lists the session's modules.
func TestGoMagic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the worker; skipped with -short")
	}
	s := newSession(t, 0)
	ctx := context.Background()
	var out contracttest.Recorder
	res := s.Execute(ctx, contract.Request{Code: "%go list -m\n!*ls go.mod\nfmt.Println(\"after\")", ExecutionCount: 1}, &out)
	if res.Err != nil {
		t.Fatalf("cell: %v\nstderr: %s", res.Err, out.Stderr())
	}
	if got, want := out.Stdout(), "nnbook.session\ngo.mod\nafter\n"; got != want {
		t.Errorf("stdout = %q, want %q (the session module's name, its go.mod, then the cell)", got, want)
	}

	mods, err := s.ModuleList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"github.com/nnbook/nnbook@v0.0.0 => a local directory", "gonum.org/v1/gonum@v0.17.0", "github.com/janpfeifer/gonb@v0.11.4"} {
		if !slices.Contains(mods, want) {
			t.Errorf("ModuleList lacks %q: %q", want, mods)
		}
	}
	for _, m := range mods {
		if strings.Contains(m, "nnbook.session") || strings.Contains(m, "/") && strings.HasPrefix(m, "/") {
			t.Errorf("ModuleList has %q: the session module or a directory", m)
		}
	}

	for _, code := range []string{"%go frobnicate", "%go"} {
		out = contracttest.Recorder{}
		res = s.Execute(ctx, contract.Request{Code: code, ExecutionCount: 2}, &out)
		if res.Err == nil || res.Err.Name != "MagicError" || !strings.Contains(res.Err.Value, "%go") {
			t.Errorf("%s: error %+v, want a MagicError naming the line", code, res.Err)
		}
	}
}
