package cell_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/kernel/cell"
)

// goEnv returns the values of go env for names, in order.
func goEnv(t *testing.T, names ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"env"}, names...)...).Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

func TestImportIndexResolve(t *testing.T) {
	env := goEnv(t, "GOROOT", "GOMODCACHE")
	ix := cell.NewImportIndex(env[0], env[1], "../..")
	tests := []struct {
		name string
		sels []string
		want string // "" for no package
	}{
		{"strings", []string{"ToUpper"}, "strings"},
		// Only math/rand/v2 has NewPCG.
		{"rand", []string{"New", "NewPCG"}, "math/rand/v2"},
		// Only crypto/rand has Prime.
		{"rand", []string{"Prime"}, "crypto/rand"},
		// math/rand/v2, math/rand and crypto/rand all have Int: the
		// preference decides.
		{"rand", []string{"Int"}, "math/rand/v2"},
		{"template", []string{"Must", "New"}, "text/template"},
		{"template", []string{"HTMLEscapeString", "JSEscapeString", "URLQueryEscaper"}, "text/template"},
		{"template", []string{"HTML", "CSS"}, "html/template"},
		// A package of a module the project requires.
		{"mat", []string{"NewDense"}, "gonum.org/v1/gonum/mat"},
		{"nnkit", []string{"Layer"}, "github.com/nnbook/nnbook/nnkit"},
		// The project's kernel/display and golang.org/x/text's
		// language/display: the project's own wins where both fit.
		{"display", nil, "github.com/nnbook/nnbook/kernel/display"},
		{"display", []string{"Tags"}, "golang.org/x/text/language/display"},
		{"strings", []string{"NoSuchFunc"}, ""},
		{"strings", []string{"unexported"}, ""},
		{"bogus", nil, ""},
	}
	for _, tt := range tests {
		got, ok := ix.Resolve(tt.name, tt.sels)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Resolve(%q, %q) = %q, %v; want %q, %v", tt.name, tt.sels, got, ok, tt.want, tt.want != "")
		}
	}
}

// TestImportIndexStdOnly checks that an index without a project knows the
// standard library only.
func TestImportIndexStdOnly(t *testing.T) {
	env := goEnv(t, "GOROOT", "GOMODCACHE")
	ix := cell.NewImportIndex(env[0], env[1], "")
	if got, ok := ix.Resolve("fmt", []string{"Println"}); got != "fmt" || !ok {
		t.Errorf(`Resolve("fmt", [Println]) = %q, %v; want "fmt", true`, got, ok)
	}
	if got, ok := ix.Resolve("mat", []string{"NewDense"}); ok {
		t.Errorf(`Resolve("mat", [NewDense]) = %q, true; want no package without a project`, got)
	}
}
