package program

import (
	"bytes"
	"fmt"
	"go/format"
	"go/scanner"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/nnbook/nnbook/internal/golden"
	"github.com/nnbook/nnbook/kernel/cell"
)

// fakeImporter knows a few packages, so that composition tests do not
// depend on the toolchain's files.
type fakeImporter map[string]string // name → path

func (f fakeImporter) PackageName(path string) string { return cell.GuessName(path) }

func (f fakeImporter) Resolve(name string, sels []string) (string, bool) {
	p, ok := f[name]
	return p, ok
}

var testImporter = fakeImporter{
	"fmt":     "fmt",
	"os":      "os",
	"strings": "strings",
	"mat":     "gonum.org/v1/gonum/mat",
	"rand":    "math/rand/v2",
}

// composeArchive runs the cells of a txtar archive (files "1", "2", ...)
// through parse and merge, as if each compiled, and composes the last.
func composeArchive(t *testing.T, ar *txtar.Archive) (*program, map[int][]string) {
	t.Helper()
	tb := &table{}
	cells := map[int][]string{}
	var prog *program
	for _, f := range ar.Files {
		n, err := strconv.Atoi(f.Name)
		if err != nil {
			t.Fatalf("archive file %q: want a cell number", f.Name)
		}
		code := strings.TrimSuffix(string(f.Data), "\n")
		cells[n] = strings.Split(code, "\n")
		pc, err := parseCell(code, n)
		if err != nil {
			t.Fatalf("cell %d: %v", n, err)
		}
		tb = tb.merge(pc.decls, func(d *decl) string { return importName(d, testImporter) })
		prog = compose(tb, pc, n, testImporter)
		tb = tb.merge(prog.added, func(d *decl) string { return importName(d, testImporter) })
	}
	return prog, cells
}

// firstToken returns the text of the first token of s.
func firstToken(s string) string {
	fset := token.NewFileSet()
	var sc scanner.Scanner
	sc.Init(fset.AddFile("", -1, len(s)), []byte(s), nil, 0)
	pos, tok, lit := sc.Scan()
	if lit == "" {
		lit = tok.String()
	}
	_ = pos
	return lit
}

// annotate renders a program with the origin of each line.
func annotate(p *program) []byte {
	var b bytes.Buffer
	for i, line := range strings.Split(strings.TrimSuffix(string(p.src), "\n"), "\n") {
		origin := ""
		if i < len(p.pos) && p.pos[i].Cell != 0 {
			o := p.pos[i]
			origin = fmt.Sprintf("[%d]:%d", o.Cell, o.Line)
		}
		fmt.Fprintf(&b, "%-9s| %s\n", origin, line)
	}
	return b.Bytes()
}

func TestCompose(t *testing.T) {
	files, err := filepath.Glob("testdata/compose/*.txtar")
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
			prog, cells := composeArchive(t, ar)
			got := annotate(prog)
			golden.Check(t, strings.TrimSuffix(file, ".txtar")+".golden", got)

			// Composing again gives the same program.
			again, _ := composeArchive(t, ar)
			if !bytes.Equal(again.src, prog.src) {
				t.Errorf("composition is not deterministic:\n%s\nthen\n%s", prog.src, again.src)
			}

			// The composition is gofmt'd: formatting it again changes nothing.
			if f, err := format.Source(prog.src); err != nil || !bytes.Equal(f, prog.src) {
				t.Errorf("composed program is not stable under go/format (err %v)", err)
			}

			// Every token the map ties to a cell is the same token in the cell.
			for i, line := range strings.Split(string(prog.src), "\n") {
				if i >= len(prog.pos) {
					continue
				}
				for _, a := range prog.pos[i].anchors {
					if a.pos.Cell == 0 {
						continue
					}
					tok := firstToken(line[a.col-1:])
					src := strings.Replace(cells[a.pos.Cell][a.pos.Line-1], "func main(", "func "+mainName+"(", 1)
					if !strings.HasPrefix(src[a.pos.Col-1:], tok) {
						t.Errorf("file %d:%d %q maps to %v, where the cell has %q", i+1, a.col, tok, a.pos, src[a.pos.Col-1:])
					}
				}
			}
		})
	}
}
