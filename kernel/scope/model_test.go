package scope_test

import (
	"bufio"
	"bytes"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// exportImporter imports packages of the project's module graph from the
// export data go list -export reports, as the live executor does.
type exportImporter struct {
	mu    sync.Mutex
	files map[string]string
	imp   types.Importer
}

func newExportImporter(t testing.TB, roots ...string) *exportImporter {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}"}, roots...)...)
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -export: %v: %s", err, stderr.String())
	}
	e := &exportImporter{files: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if p, f, ok := strings.Cut(sc.Text(), "\t"); ok && f != "" {
			e.files[p] = f
		}
	}
	e.imp = importer.ForCompiler(token.NewFileSet(), "gc", func(path string) (io.ReadCloser, error) {
		return os.Open(e.files[path])
	})
	return e
}

func (e *exportImporter) Import(path string) (*types.Package, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.imp.Import(path)
}

// TestLiveModel is the case: after net := model.NewMLP(…), Tab
// after "net." lists the methods of *model.Sequential (not the package
// net), and Shift+Tab shows the doc comments nnkit wrote.
func TestLiveModel(t *testing.T) {
	const modelPath = "github.com/nnbook/nnbook/nnkit/model"
	imp := newExportImporter(t, modelPath, "github.com/nnbook/nnbook/nnkit/activation")
	nb := newNotebook(t)
	nb.imp = imp
	nb.run(`import "github.com/nnbook/nnbook/nnkit/model"
import "github.com/nnbook/nnbook/nnkit/activation"

var net = model.NewMLP([]int{2, 8, 1}, activation.NewReLU, activation.NewSigmoid)
`)
	s := nb.snapshot(func(string) (string, bool) { return "Sequential(Dense(2→8), ReLU, Dense(8→1), Sigmoid)", true })

	// The truth: the method set of *model.Sequential, from go/types.
	seq, err := imp.Import(modelPath)
	if err != nil {
		t.Fatal(err)
	}
	ms := types.NewMethodSet(types.NewPointer(seq.Scope().Lookup("Sequential").Type()))
	var want []string
	for i := range ms.Len() {
		if name := ms.At(i).Obj().Name(); token.IsExported(name) {
			want = append(want, name)
		}
	}
	st := seq.Scope().Lookup("Sequential").Type().Underlying().(*types.Struct)
	for i := range st.NumFields() {
		if st.Field(i).Exported() {
			want = append(want, st.Field(i).Name())
		}
	}
	slices.Sort(want)
	if got := s.Complete("net.", 4).Matches; !slices.Equal(got, want) || !slices.Contains(got, "Forward") {
		t.Errorf("Complete(net.) = %q\nwant the methods and fields of *model.Sequential %q", got, want)
	}
	data, found := s.Inspect("net", 3, 0)
	if plain, _ := data["text/plain"].(string); !found || !strings.Contains(plain, "var net *model.Sequential") ||
		!strings.Contains(plain, "value: Sequential(") || !strings.Contains(plain, "type model.Sequential:\nSequential ") {
		t.Errorf("Inspect(net) = %q", plain)
	}
	data, found = s.Inspect("net.Forward", 11, 0)
	if plain, _ := data["text/plain"].(string); !found || !strings.HasPrefix(plain, "func (s *Sequential) Forward(x *mat.Dense, mode nnkit.Mode) *mat.Dense") {
		t.Errorf("Inspect(net.Forward) = %q", plain)
	}
	code := "y := net.Predict(nil)\ny.Di"
	if got := s.Complete(code, utf8.RuneCountInString(code)).Matches; !slices.Equal(got, []string{"DiagView", "Dims", "DivElem"}) {
		t.Errorf("Complete(%q) = %q, want the *mat.Dense methods DiagView, Dims, DivElem", code, got)
	}
	if hint := s.DidYouMean("net.Forwrd(x, 0)", "net.Forwrd undefined (type *model.Sequential has no field or method Forwrd)"); hint != "did you mean Forward?" {
		t.Errorf("DidYouMean(net.Forwrd) = %q", hint)
	}
}
