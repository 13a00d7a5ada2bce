package cell_test

import (
	"go/importer"
	"go/types"
	"slices"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/scope"
)

// TestImportIndexMembers checks the members the index reads from source
// against the exported objects go/types finds in the compiled packages.
func TestImportIndexMembers(t *testing.T) {
	env := goEnv(t, "GOROOT", "GOMODCACHE")
	ix := cell.NewImportIndex(env[0], env[1], "../..")
	imp := importer.Default()
	for _, path := range []string{"fmt", "strings", "math", "net/http", "go/types"} {
		pkg, err := imp.Import(path)
		if err != nil {
			t.Fatalf("import %s: %v", path, err)
		}
		var want []scope.Member
		for _, name := range pkg.Scope().Names() {
			obj := pkg.Scope().Lookup(name)
			if !obj.Exported() {
				continue
			}
			k := kindOf(obj)
			want = append(want, scope.Member{Name: name, Kind: k})
		}
		got, ok := ix.Members(path)
		if !ok {
			t.Fatalf("Members(%q): not found", path)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Members(%q) differs from go/types:\n got %v\nwant %v", path, got, want)
		}
	}
	if _, ok := ix.Members("no/such/package"); ok {
		t.Error("Members(no/such/package) found a package")
	}
}

// kindOf returns the kind of a package-level object.
func kindOf(obj types.Object) scope.Kind {
	switch obj.(type) {
	case *types.Func:
		return scope.Function
	case *types.TypeName:
		return scope.TypeName
	case *types.Const:
		return scope.Constant
	}
	return scope.Variable
}

func TestImportIndexDoc(t *testing.T) {
	env := goEnv(t, "GOROOT", "GOMODCACHE")
	ix := cell.NewImportIndex(env[0], env[1], "../..")
	tests := []struct {
		path, name string
		decl, doc  string // prefixes
	}{
		{"fmt", "", `package fmt // import "fmt"`, "Package fmt implements formatted I/O"},
		{"fmt", "Println", "func Println(a ...any) (n int, err error)", "Println formats using the default formats"},
		{"strings", "Builder.WriteString", "func (b *Builder) WriteString(s string) (int, error)", "WriteString appends the contents of s"},
		{"net/http", "Request.Method", "field Method string", "Method specifies the HTTP method"},
		{"net/http", "Handler.ServeHTTP", "func (Handler) ServeHTTP(ResponseWriter, *Request)", ""},
		{"net/http", "Client.CheckRedirect", "field CheckRedirect func(req *Request, via []*Request) error", "CheckRedirect specifies the policy"},
		{"io", "Reader.Read", "func (Reader) Read(p []byte) (n int, err error)", ""},
		{"gonum.org/v1/gonum/mat", "Dense.Mul", "func (m *Dense) Mul(a, b Matrix)", "Mul takes the matrix product of a and b"},
		{"builtin", "append", "func append(slice []Type, elems ...Type) []Type", "The append built-in function"},
	}
	for _, tt := range tests {
		decl, doc, ok := ix.Doc(tt.path, tt.name)
		if !ok || !strings.HasPrefix(decl, tt.decl) || !strings.HasPrefix(doc, tt.doc) {
			t.Errorf("Doc(%q, %q) = %q, %q, %v; want prefixes %q, %q", tt.path, tt.name, decl, doc, ok, tt.decl, tt.doc)
		}
	}
	for _, name := range []string{"Builder.NoSuch", "NoSuch", "NoSuch.Len"} {
		if _, _, ok := ix.Doc("strings", name); ok {
			t.Errorf("Doc(strings, %q) found something", name)
		}
	}
}

func TestImportIndexPaths(t *testing.T) {
	env := goEnv(t, "GOROOT", "GOMODCACHE")
	ix := cell.NewImportIndex(env[0], env[1], "../..")
	paths := ix.Paths()
	for _, want := range []string{"fmt", "math/rand/v2", "net/http", "gonum.org/v1/gonum/mat", "github.com/nnbook/nnbook/nnkit/model"} {
		if _, ok := slices.BinarySearch(paths, want); !ok {
			t.Errorf("Paths() lacks %q", want)
		}
	}
	for _, p := range paths {
		if strings.Contains(p, "internal") || strings.HasPrefix(p, "cmd/") {
			t.Errorf("Paths() lists %q, which cells cannot import", p)
		}
	}
}
