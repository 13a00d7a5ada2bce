package live

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/nnbook/nnbook/internal/golden"
	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/live/worker/protocol"
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

// TestTranslateGolden translates the test cases and checks the output of
// every stage: split, the check file and plan, check, generate, and the
// build and load of what generate made.
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
			// Each stage before generate has a golden file of its own.
			split, plan, check, build := stagesAll(t, ar)
			golden.Check(t, filepath.Join("testdata", "stages", name+".split.golden"), []byte(split))
			golden.Check(t, filepath.Join("testdata", "stages", name+".plan.golden"), []byte(plan))
			golden.Check(t, filepath.Join("testdata", "stages", name+".check.golden"), []byte(check))
			golden.Check(t, filepath.Join("testdata", "stages", name+".build.golden"), []byte(build))
		})
	}
}

// stagesAll runs the cells of a txtar archive through the translator's
// stages, as translate does, and renders what each stage made: the units
// of split, the check file and the units plan emits again, and the
// definitions check found (or the error).
func stagesAll(t *testing.T, ar *txtar.Archive) (split, plan, check, build string) {
	t.Helper()
	fset := token.NewFileSet()
	tr := &translator{fset: fset, importer: importer.ForCompiler(fset, "gc", nil)}
	st := newState()
	var sb, pb, cb, bb strings.Builder
	// The build in a session at $SESSION with a stand-in toolchain.
	tc := toolchain{toolDir: "$GOTOOLDIR", cc: "$CC", goVersion: "go1.x", lang: "go1.x"}
	kinds := map[cell.UnitKind]string{cell.UnitStmt: "stmt", cell.UnitImport: "import", cell.UnitFunc: "func", cell.UnitDecl: "decl"}
	for i, f := range ar.Files {
		n := i + 1
		for _, b := range []*strings.Builder{&sb, &pb, &cb, &bb} {
			b.WriteString("==== " + f.Name + " ====\n")
		}
		fail := func(b *strings.Builder, err error) {
			b.WriteString("error: " + ansi.ReplaceAllString(err.Error(), "") + "\n")
		}
		units, err := splitCell(string(f.Data), n)
		if err != nil {
			fail(&sb, err)
			continue
		}
		for _, u := range units {
			fmt.Fprintf(&sb, "-- %s %s:%d:%d doc %q --\n%s\n", kinds[u.kind], cellFile(u.cell), u.line, u.col, u.doc, u.text)
		}
		cf, err := tr.checkCell(st, units, n, nil)
		if err != nil {
			fail(&pb, err)
			continue
		}
		p := planCell(st, cf)
		pb.WriteString("-- check file --\n" + cf.src)
		for _, u := range p.again {
			fmt.Fprintf(&pb, "-- again %s:%d --\n%s\n", cellFile(u.cell), u.line, u.text)
		}
		for _, w := range p.why {
			pb.WriteString(w + "\n")
		}
		c, err := tr.check(st, cf, p, n)
		if err != nil {
			fail(&cb, err)
			continue
		}
		for _, name := range c.pkg.Scope().Names() {
			cb.WriteString(types.ObjectString(c.pkg.Scope().Lookup(name), func(p *types.Package) string {
				if p.Path() == checkPath {
					return "" // every cell's check has the notebook's path
				}
				return p.Name()
			}) + "\n")
		}
		res, err := tr.generate(st, c, p, units, n, "nnbook.session/cells/c"+itoa(n))
		if err != nil {
			fail(&cb, err)
			continue
		}
		st = res.next
		steps := tc.buildSteps("$SESSION", n, res, false)
		for _, name := range slices.Sorted(maps.Keys(steps.files)) {
			if strings.HasSuffix(name, "main.go") {
				bb.WriteString("-- " + name + " --\n" + steps.files[name])
			} else {
				bb.WriteString("-- " + name + " (see the translation golden) --\n")
			}
		}
		for _, r := range steps.runs {
			bb.WriteString(r.tool + " " + strings.Join(r.args, " ") + "\n")
		}
		// load: the request the worker receives.
		_, _, args := cell.CutHybrid(string(f.Data))
		if steps.plugin != "" {
			req, _ := json.Marshal(protocol.Request{Plugin: steps.plugin, Args: args})
			bb.WriteString("load " + string(req) + "\n")
		}
	}
	return sb.String(), pb.String(), cb.String(), bb.String()
}
