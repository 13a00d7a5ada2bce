package scope_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nnbook/nnbook/kernel/scope"
)

// sessionCells are a small notebook session: an import alias, two names
// for one path, a variable named like a standard package, and a model
// type with a doc comment.
var sessionCells = []string{
	`import m "math"
import mm "math"
import str "strings"
import "net/http"

// trainRate is the learning rate.
var trainRate = 0.1

// trainStep runs one step.
func trainStep(x float64) float64 { return x * trainRate }

// trainer trains.
type trainer struct{ epochs int }

// Fit trains for the configured epochs.
func (t *trainer) Fit() int { return t.epochs }

const trainMax = 10
`,
	`// net is the model: a live name that shadows the package net.
var net = &trainer{epochs: 3}
var srv = &http.Server{Addr: ":80"}
var hist = []float64{1, 2}
`,
}

func TestComplete(t *testing.T) {
	s := newNotebook(t, sessionCells...).snapshot(nil)
	tests := []struct {
		code       string
		cursor     int      // -1: end of code
		want       []string // exactly these, in this order (nil: none)
		contains   []string // at least these (then want is not checked)
		absent     []string // none of these
		replaceLen int      // runes before the cursor the matches replace
	}{
		{code: "train", want: []string{"trainMax", "trainRate", "trainStep", "trainer"}, replaceLen: 5},
		{code: "net.", want: []string{"Fit", "epochs"}},
		{code: "net.F", want: []string{"Fit"}, replaceLen: 1},
		{code: "srv.Ad", want: []string{"Addr"}, replaceLen: 2},
		{code: "srv.Handler.", want: []string{"ServeHTTP"}},
		{code: "m.Hyp", want: []string{"Hypot"}, replaceLen: 3},
		{code: "mm.Sq", want: []string{"Sqrt", "Sqrt2", "SqrtE", "SqrtPhi", "SqrtPi"}, replaceLen: 2},
		{code: "str.TrimSp", want: []string{"TrimSpace"}, replaceLen: 6},
		{code: "http.StatusOK", want: []string{"StatusOK"}, replaceLen: 8},
		// Not imported: automatic imports find it.
		{code: "strconv.Ato", want: []string{"Atoi"}, replaceLen: 3},
		{code: "rand.IntN", want: []string{"IntN"}, replaceLen: 4},
		{code: "plotter.NewLin", want: []string{"NewLine", "NewLinePoints"}, replaceLen: 6},
		// Imported by the cell itself, under a name of its own.
		{code: "import u \"unicode/utf8\"\nu.RuneC", want: []string{"RuneCount", "RuneCountInString"}, replaceLen: 5},
		{code: "import (\n\t\"os\"\n)\nos.Gete", want: []string{"Getegid", "Getenv", "Geteuid"}, replaceLen: 4},
		// Names the cell defines before the cursor, with their types.
		{code: "best := &trainer{}\nbest.F", want: []string{"Fit"}, replaceLen: 1},
		{code: "b, err := srv.Addr, error(nil)\nerr.", want: []string{"Error"}},
		{code: "r := str.NewReader(\"é\")\nr.Rea", want: []string{"Read", "ReadAt", "ReadByte", "ReadRune"}, replaceLen: 3},
		{code: "func mk() *trainer { return nil }\nmk().", want: []string{"Fit", "epochs"}},
		{code: "type pair struct{ First, Second int }\nvar pp pair\npp.", want: []string{"First", "Second"}},
		{code: "myLocal := 2\nfor i := range 3 { myL", want: []string{"myLocal"}, replaceLen: 3},
		{code: "for index := range 3 { ind", want: []string{"index"}, replaceLen: 3},
		// Names of the blocks open at the cursor: parameters, receivers,
		// loop and if variables; not those of closed blocks.
		{code: "func run(t *trainer, n int) {\n\tt.", want: []string{"Fit", "epochs"}},
		{code: "func (t *trainer) Twice() int {\n\treturn t.", want: []string{"Fit", "epochs"}},
		{code: "for _, t := range []*trainer{net} {\n\tt.", want: []string{"Fit", "epochs"}},
		{code: "for k, v := range map[string]*trainer{} {\n\tv.", want: []string{"Fit", "epochs"}},
		{code: "for k := range map[*trainer]int{} {\n\tk.", want: []string{"Fit", "epochs"}},
		{code: "for _, p := range []struct{ t *trainer }{{net}} {\n\tp.t.", want: []string{"Fit", "epochs"}},
		{code: "if s, ok := any(net).(*trainer); ok {\n\ts.", want: []string{"Fit", "epochs"}},
		{code: "for i := 0; i < 3; i++ {\n\tbest := net\n\tbest.F", want: []string{"Fit"}, replaceLen: 1},
		{code: "for i := range 3 {\n\tbest := net\n}\nbes", want: nil, replaceLen: 3},
		{code: "func run() {\n\tbest := net\n}\nbest.", want: nil},
		{code: "func run(t *trainer) {}\nt.", want: nil},
		// Keys of struct literals.
		{code: "t := trainer{ep", want: []string{"epochs"}, replaceLen: 2},
		{code: "s := &http.Server{\n\tAddr: \":80\",\n\tRead", want: []string{"ReadHeaderTimeout", "ReadTimeout"}, replaceLen: 4},
		{code: "s := http.Server{Handler: nil, ", contains: []string{"Addr", "ReadTimeout", "trainRate"}},
		{code: "xs := []float64{trainR", want: []string{"trainRate"}, replaceLen: 6},
		// A cell-local name shadows a live one and a package.
		{code: "net := 1\nnet.", want: nil},
		{code: "strings := []int{}\nstrings.", want: nil},
		// Partial expressions.
		{code: "hist[0].", want: nil},
		{code: "trainStep(1).", want: nil},
		{code: "net.Fit().", want: nil},
		{code: "srv.Handler.ServeH", want: []string{"ServeHTTP"}, replaceLen: 6},
		{code: "(*trainer).", want: []string{"Fit"}},
		{code: "x := srv.\n\tHandler.\n\tServeH", want: []string{"ServeHTTP"}, replaceLen: 6},
		{code: "fmt.Println(net.", contains: []string{"Fit", "epochs"}},
		{code: "x := []any{net.Fi", want: []string{"Fit"}, replaceLen: 2},
		// Keywords, builtins and packages.
		{code: "fun", want: []string{"func"}, replaceLen: 3},
		{code: "appe", want: []string{"append"}, replaceLen: 4},
		{code: "strc", want: []string{"strconv"}, replaceLen: 4},
		{code: "ne", contains: []string{"net", "new"}, replaceLen: 2},
		{code: "", contains: []string{"trainRate", "m", "mm", "str", "http", "net", "fmt", "for", "len"}},
		// Nothing in comments, strings, numbers or unknown packages.
		{code: "// net.", want: nil},
		{code: "s := \"net.", want: nil},
		{code: "s := `a\nnet.", want: nil},
		{code: "x := 1.", want: nil},
		{code: "nosuchpkg.Fo", want: nil, replaceLen: 2},
		// Offsets count runes: the completion starts after "é".
		{code: "x := \"é\"; trainR", want: []string{"trainRate"}, replaceLen: 6},
		// A cursor inside the code completes what comes before it.
		{code: "net.Fi + 1", cursor: 6, want: []string{"Fit"}, replaceLen: 2},
	}
	for _, tt := range tests {
		cursor := tt.cursor
		if cursor == 0 && tt.code != "" {
			cursor = -1
		}
		if cursor < 0 {
			cursor = utf8.RuneCountInString(tt.code)
		}
		c := s.Complete(tt.code, cursor)
		if tt.contains == nil && !slices.Equal(c.Matches, tt.want) {
			t.Errorf("Complete(%q) = %q, want %q", tt.code, c.Matches, tt.want)
		}
		for _, w := range tt.contains {
			if !slices.Contains(c.Matches, w) {
				t.Errorf("Complete(%q) = %q, want it to contain %q", tt.code, c.Matches, w)
			}
		}
		if c.End != cursor || c.Start != cursor-tt.replaceLen {
			t.Errorf("Complete(%q) replaces [%d, %d), want [%d, %d)", tt.code, c.Start, c.End, cursor-tt.replaceLen, cursor)
		}
		if len(c.Items) != len(c.Matches) {
			t.Errorf("Complete(%q): %d items for %d matches", tt.code, len(c.Items), len(c.Matches))
		}
	}
}

// TestCompleteItems checks the kinds and signatures JupyterLab shows.
func TestCompleteItems(t *testing.T) {
	s := newNotebook(t, sessionCells...).snapshot(nil)
	tests := []struct {
		code string
		want scope.Item
	}{
		{"trainSt", scope.Item{Text: "trainStep", Kind: scope.Function, Signature: "func(x float64) float64"}},
		{"trainR", scope.Item{Text: "trainRate", Kind: scope.Variable, Signature: "float64"}},
		{"trainM", scope.Item{Text: "trainMax", Kind: scope.Constant, Signature: "untyped int"}},
		{"traine", scope.Item{Text: "trainer", Kind: scope.TypeName, Signature: "struct{epochs int}"}},
		{"net.F", scope.Item{Text: "Fit", Kind: scope.Method, Signature: "func() int"}},
		{"net.e", scope.Item{Text: "epochs", Kind: scope.Field, Signature: "int"}},
		{"srv.Addr", scope.Item{Text: "Addr", Kind: scope.Field, Signature: "string"}},
		{"mm", scope.Item{Text: "mm", Kind: scope.Package, Signature: `import mm "math"`}},
		{"m.Pi", scope.Item{Text: "Pi", Kind: scope.Constant, Signature: "untyped float"}},
		{"strconv.Itoa", scope.Item{Text: "Itoa", Kind: scope.Function, Signature: "func(i int) string"}},
		{"rang", scope.Item{Text: "range", Kind: scope.Keyword}},
		{"ca", scope.Item{Text: "cap", Kind: scope.Builtin}},
	}
	for _, tt := range tests {
		c := s.Complete(tt.code, utf8.RuneCountInString(tt.code))
		i := slices.Index(c.Matches, tt.want.Text)
		if i < 0 {
			t.Errorf("Complete(%q) = %q, want %q among them", tt.code, c.Matches, tt.want.Text)
			continue
		}
		if c.Items[i] != tt.want {
			t.Errorf("Complete(%q) item = %+v, want %+v", tt.code, c.Items[i], tt.want)
		}
	}
	c := s.Complete("net.", 4)
	md := c.Metadata()["_jupyter_types_experimental"].([]any)
	first := md[0].(map[string]any)
	if len(md) != 2 || first["text"] != "Fit" || first["type"] != "method" || first["start"] != 4 || first["end"] != 4 || !strings.HasPrefix(first["signature"].(string), "func") {
		t.Errorf("Metadata() = %v", md)
	}
}

// TestConcurrentRequests answers requests from several goroutines on one
// snapshot, as the kernel does while a cell runs (run it with -race).
func TestConcurrentRequests(t *testing.T) {
	s := newNotebook(t, sessionCells...).snapshot(func(string) (string, bool) { return "v", true })
	want := s.Complete("net.", 4).Matches
	done := make(chan []string)
	for range 4 {
		go func() {
			var got []string
			for range 20 {
				got = s.Complete("net.", 4).Matches
				s.Inspect("srv.Shutdown", 12, 1)
				s.Complete("x := srv.Handler\nx.", 19)
				s.DidYouMean("trainRat", "undefined: trainRat")
			}
			done <- got
		}()
	}
	for range 4 {
		if got := <-done; !slices.Equal(got, want) {
			t.Errorf("concurrent Complete(net.) = %q, want %q", got, want)
		}
	}
}

func TestCompleteMagics(t *testing.T) {
	nb := newNotebook(t, sessionCells...)
	s := scope.New(scope.Config{Defs: nb.defs, Magics: []string{"%%", "%who", "%whos", "%time", "%help"}})
	tests := []struct {
		code       string
		want       []string
		replaceLen int
	}{
		{"%wh", []string{"%who", "%whos"}, 3},
		{"x := 1\n  %ti", []string{"%time"}, 3},
		{"%", []string{"%%", "%who", "%whos", "%time", "%help"}, 1},
		{"%%", []string{"%%"}, 2},
		{"x := 5 %ti", nil, 2}, // a remainder, not a magic
	}
	for _, tt := range tests {
		cursor := utf8.RuneCountInString(tt.code)
		c := s.Complete(tt.code, cursor)
		if !slices.Equal(c.Matches, tt.want) || c.Start != cursor-tt.replaceLen || c.End != cursor {
			t.Errorf("Complete(%q) = %q at [%d, %d), want %q at [%d, %d)", tt.code, c.Matches, c.Start, c.End, tt.want, cursor-tt.replaceLen, cursor)
		}
	}
}

func TestCompleteImportPaths(t *testing.T) {
	s := newNotebook(t, sessionCells...).snapshot(nil)
	tests := []struct {
		code       string
		want       []string // nil: none
		contains   []string
		replaceLen int
	}{
		{code: `import "math/ra`, want: []string{"math/rand", "math/rand/v2"}, replaceLen: 7},
		{code: `import m "math/ra`, want: []string{"math/rand", "math/rand/v2"}, replaceLen: 7},
		{code: "import (\n\t\"fmt\"\n\tmm \"gonum.org/v1/gonum/ma", want: []string{"gonum.org/v1/gonum/mat", "gonum.org/v1/gonum/mathext", "gonum.org/v1/gonum/mathext/prng"}, replaceLen: 21},
		{code: `import "github.com/nnbook/nnbook/nnkit/mo`, want: []string{"github.com/nnbook/nnbook/nnkit/model"}, replaceLen: 33},
		{code: `import "`, contains: []string{"fmt", "net/http"}},
		{code: `fmt.Println("math/ra`, want: nil, replaceLen: 2},
		{code: "import (\n\t\"fmt\"\n)\nx := \"math/ra", want: nil, replaceLen: 2},
	}
	for _, tt := range tests {
		cursor := utf8.RuneCountInString(tt.code)
		c := s.Complete(tt.code, cursor)
		if tt.contains == nil && !slices.Equal(c.Matches, tt.want) {
			t.Errorf("Complete(%q) = %q, want %q", tt.code, c.Matches, tt.want)
		}
		for _, w := range tt.contains {
			if !slices.Contains(c.Matches, w) {
				t.Errorf("Complete(%q) lacks %q", tt.code, w)
			}
		}
		if c.End != cursor || c.Start != cursor-tt.replaceLen {
			t.Errorf("Complete(%q) replaces [%d, %d), want [%d, %d)", tt.code, c.Start, c.End, cursor-tt.replaceLen, cursor)
		}
	}
}

// TestCompleteProviders checks completion with less than a full Config:
// no importer (the live executor's likely choice), and neither importer
// nor package provider.
func TestCompleteProviders(t *testing.T) {
	nb := newNotebook(t, sessionCells...)
	noImporter := scope.New(scope.Config{Defs: nb.defs, Imports: nb.imports, Packages: sharedIndex()})
	bare := scope.New(scope.Config{Defs: nb.defs, Imports: nb.imports})
	tests := []struct {
		s    *scope.Snapshot
		code string
		want []string
	}{
		{noImporter, "m.Hyp", []string{"Hypot"}},
		{noImporter, "strconv.Ato", []string{"Atoi"}},
		{noImporter, "x := m.Abs(-1)\nx.", nil},
		{noImporter, "srv.Handler.", []string{"ServeHTTP"}},
		{noImporter, "x := str.NewReader(\"\")\nx.Si", []string{"Size"}},
		{bare, "m.Hyp", []string{"Hypot"}},
		{bare, "strconv.Ato", nil},
		{bare, "net.", []string{"Fit", "epochs"}},
		{bare, "strc", nil},
	}
	for _, tt := range tests {
		if got := tt.s.Complete(tt.code, utf8.RuneCountInString(tt.code)).Matches; !slices.Equal(got, tt.want) {
			t.Errorf("Complete(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
	if _, found := bare.Inspect("m.Sqrt", 6, 0); !found {
		t.Error("Inspect(m.Sqrt) without a provider: nothing found, want the typed declaration")
	}
}
