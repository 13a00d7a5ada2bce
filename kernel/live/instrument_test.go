package live

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/nnbook/nnbook/internal/golden"
)

// TestInstrumentGolden instruments the generated files of each archive in
// testdata/instrument and compares them with the golden file. Every
// instrumented package must type-check (the runtime's generic operations
// infer their types, the selects' labels and gotos are valid), and every
// line must stay where it was, so that the //line directives hold.
func TestInstrumentGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/instrument/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	imp := importer.ForCompiler(token.NewFileSet(), "source", nil)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var out strings.Builder
			fset := token.NewFileSet()
			var asts []*ast.File
			for _, f := range ar.Files {
				src := string(f.Data)
				got, err := instrument(src)
				if err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				if a, b := strings.Count(src, "\n"), strings.Count(got, "\n"); a != b {
					t.Errorf("%s: %d lines became %d", f.Name, a, b)
				}
				out.WriteString("-- " + f.Name + " --\n" + got)
				af, err := parser.ParseFile(fset, f.Name, got, 0)
				if err != nil {
					t.Fatalf("%s: instrumented code does not parse: %v", f.Name, err)
				}
				asts = append(asts, af)
			}
			conf := types.Config{Importer: imp}
			if _, err := conf.Check("nnbook.session/cells/c1", fset, asts, nil); err != nil {
				t.Errorf("instrumented code does not type-check: %v", err)
			}
			golden.Check(t, strings.TrimSuffix(file, ".txtar")+".golden", []byte(out.String()))
		})
	}
}

// TestInstrumentNothing checks that a file with nothing to instrument is
// left as it is, with no import of the runtime.
func TestInstrumentNothing(t *testing.T) {
	src := "package nb\n\nfunc Nb_f(a int) int { return a }\n"
	got, err := instrument(src)
	if err != nil || got != src {
		t.Errorf("instrument(%q) = %q, %v; want it unchanged", src, got, err)
	}
}

// TestInstrumentSyntaxError reports generated code that does not parse.
func TestInstrumentSyntaxError(t *testing.T) {
	if _, err := instrument("package nb\nfunc {"); err == nil || !strings.Contains(err.Error(), "instrument") {
		t.Errorf("got %v, want an error about instrumenting", err)
	}
}

// TestHasInterruptRuntime checks which session modules can import the
// runtime: those that require the nnbook module.
func TestHasInterruptRuntime(t *testing.T) {
	with := "module nnbook.session\n\ngo 1.26\n\nrequire github.com/nnbook/nnbook v0.0.0\n\nreplace github.com/nnbook/nnbook => /src\n"
	if !hasInterruptRuntime([]byte(with)) {
		t.Error("a session module requiring nnbook: got false")
	}
	for _, gomod := range []string{"module nnbook.session\n\ngo 1.26\n", "module nnbook.session\n\nrequire example.com/other v1.0.0\n", "not a go.mod ("} {
		if hasInterruptRuntime([]byte(gomod)) {
			t.Errorf("%q: got true", gomod)
		}
	}
}
