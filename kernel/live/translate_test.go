package live

import (
	"errors"
	"go/importer"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/nnbook/nnbook/internal/golden"
	"github.com/nnbook/nnbook/kernel/contract"
)

// ansi matches the colour codes of tracebacks.
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// translateAll translates the cells of a txtar archive in order, as a
// session would, and renders what each became: the package's files, or
// the error in the user's terms. A failed cell leaves the state as it was.
func translateAll(t *testing.T, ar *txtar.Archive) string {
	t.Helper()
	fset := token.NewFileSet()
	tr := &translator{fset: fset, importer: importer.ForCompiler(fset, "gc", nil)}
	st := newState()
	var b strings.Builder
	for i, f := range ar.Files {
		n := i + 1
		b.WriteString("==== " + f.Name + " ====\n")
		res, err := tr.translate(st, string(f.Data), n, "nnbook.session/cells/c"+itoa(n), nil)
		if err != nil {
			b.WriteString(err.Error() + "\n")
			var ce *contract.Error
			if errors.As(err, &ce) {
				for _, line := range ce.Traceback {
					b.WriteString("\t" + ansi.ReplaceAllString(line, "") + "\n")
				}
			}
			continue
		}
		for _, name := range slices.Sorted(mapsKeys(res.files)) {
			b.WriteString("-- " + name + " --\n" + res.files[name])
		}
		st = res.next
	}
	return b.String()
}

func mapsKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestTranslateGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/translate/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := translateAll(t, ar)
			golden.Check(t, strings.TrimSuffix(file, ".txtar")+".golden", []byte(got))
		})
	}
}
