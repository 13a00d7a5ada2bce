package scope_test

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestInspect(t *testing.T) {
	summary := func(name string) (string, bool) {
		switch name {
		case "net":
			return "&{epochs:3}", true
		case "hist":
			return "len 2: [1 2]", true
		}
		return "", false
	}
	s := newNotebook(t, sessionCells...).snapshot(summary)
	tests := []struct {
		code   string
		cursor int // -1: end of code
		detail int
		want   []string // in this order, in text/plain
		absent []string
	}{
		{"trainStep", -1, 0, []string{"func trainStep(x float64) float64", "trainStep runs one step."}, []string{"defined in cell"}},
		{"trainStep", 3, 1, []string{"func trainStep(x float64) float64", "trainStep runs one step.", "defined in cell [1]:\nfunc trainStep(x float64) float64 { return x * trainRate }"}, nil},
		{"trainStep(", -1, 0, []string{"func trainStep(x float64) float64"}, nil},
		{"trainStep(1, ", -1, 0, []string{"func trainStep(x float64) float64"}, nil},
		{"trainer", -1, 0, []string{"type trainer struct{ epochs int }", "trainer trains."}, nil},
		{"trainMax", -1, 1, []string{"const trainMax untyped int", "defined in cell [1]:\nconst trainMax = 10"}, nil},
		{"trainRate", -1, 0, []string{"var trainRate float64", "trainRate is the learning rate."}, []string{"value"}},
		// A live variable: type, value, its doc, its type's doc.
		{"net", -1, 0, []string{"var net *trainer", "value: &{epochs:3}", "net is the model", "type trainer: trainer trains."}, nil},
		{"net", -1, 1, []string{"var net *trainer", "defined in cell [2]:\nvar net = &trainer{epochs: 3}"}, nil},
		{"hist", -1, 0, []string{"var hist []float64", "value: len 2: [1 2]"}, nil},
		// A variable of a package's type: the package's doc of the type.
		{"srv", -1, 0, []string{"var srv *http.Server", "type http.Server:\nA Server defines parameters for running an HTTP server."}, nil},
		// Methods and fields.
		{"net.Fit", -1, 0, []string{"func (*trainer).Fit() int", "Fit trains for the configured epochs."}, nil},
		{"net.Fit()", 6, 1, []string{"Fit trains", "defined in cell [1]:\nfunc (t *trainer) Fit() int { return t.epochs }"}, nil},
		{"net.epochs", -1, 0, []string{"field epochs int"}, nil},
		{"net.epochs", -1, 1, []string{"field epochs int", "defined in cell [1]:\ntype trainer struct{ epochs int }"}, nil},
		{"srv.Shutdown", -1, 0, []string{"func (s *Server) Shutdown(ctx context.Context) error", "Shutdown gracefully shuts down the server"}, nil},
		{"srv.Addr", -1, 0, []string{"field Addr string", "Addr optionally specifies the TCP address"}, nil},
		{"srv.Handler.ServeHTTP", -1, 0, []string{"func (Handler) ServeHTTP(ResponseWriter, *Request)"}, nil},
		// Packages, aliases and members.
		{"m", -1, 0, []string{`package math // import "math"`, "Package math provides basic constants"}, nil},
		{"mm.Sqrt", -1, 0, []string{"func Sqrt(x float64) float64", "Sqrt returns the square root of x."}, nil},
		{"str.Fields", -1, 0, []string{"func Fields(s string) []string"}, nil},
		{"strconv.Itoa", -1, 0, []string{"func Itoa(i int) string"}, nil},
		{"fmt.Println(net)", 7, 0, []string{"func Println(a ...any) (n int, err error)"}, nil},
		// A live name shadows the package.
		{"net", -1, 0, []string{"var net *trainer"}, []string{"Package net provides"}},
		// Import paths.
		{"import \"math/rand/v2\"\n", 12, 0, []string{`package rand // import "math/rand/v2"`, "Package rand implements pseudo-random number generators"}, nil},
		{"import (\n\tm \"gonum.org/v1/gonum/mat\"\n)", 20, 0, []string{`package mat // import "gonum.org/v1/gonum/mat"`}, nil},
		// Builtins.
		{"append", -1, 0, []string{"func append(slice []Type, elems ...Type) []Type", "The append built-in function"}, nil},
		// Names of the cell.
		{"best := &trainer{}\nbest", -1, 0, []string{"var best *trainer", "type trainer: trainer trains."}, nil},
		{"best := &trainer{}\nbest.Fit", -1, 0, []string{"Fit trains for the configured epochs."}, nil},
	}
	for _, tt := range tests {
		cursor := tt.cursor
		if cursor < 0 {
			cursor = utf8.RuneCountInString(tt.code)
		}
		data, found := s.Inspect(tt.code, cursor, tt.detail)
		if !found {
			t.Errorf("Inspect(%q, %d, %d): nothing found", tt.code, cursor, tt.detail)
			continue
		}
		plain, _ := data["text/plain"].(string)
		md, _ := data["text/markdown"].(string)
		rest := plain
		for _, w := range tt.want {
			i := strings.Index(rest, w)
			if i < 0 {
				t.Errorf("Inspect(%q, %d, %d) text/plain =\n%s\nwant %q (in order)", tt.code, cursor, tt.detail, plain, w)
				break
			}
			rest = rest[i+len(w):]
		}
		for _, a := range tt.absent {
			if strings.Contains(plain, a) {
				t.Errorf("Inspect(%q) text/plain =\n%s\nwant no %q", tt.code, plain, a)
			}
		}
		if !strings.HasPrefix(md, "```go\n") {
			t.Errorf("Inspect(%q) text/markdown =\n%s\nwant a Go code block first", tt.code, md)
		}
	}
	for _, code := range []string{"", "nosuch", "net.nosuch", "// trainStep", `"trainStep"`, "1.5", "nosuchpkg.Foo", "  "} {
		if data, found := s.Inspect(code, utf8.RuneCountInString(code), 0); found {
			t.Errorf("Inspect(%q) = %v, want nothing found", code, data)
		}
	}
}
