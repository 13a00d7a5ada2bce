package scope_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/kernel/scope"
)

func TestSuggest(t *testing.T) {
	cands := []string{"trainRate", "trainStep", "trainer", "TrainRate", "Println", "Printf", "Print", "len", "net", "x"}
	tests := []struct {
		name string
		want []string
	}{
		{"trainrate", []string{"trainRate", "TrainRate"}}, // equal but for case: the case-sensitive distance orders
		{"trainRat", []string{"trainRate", "TrainRate"}},
		{"trianRate", []string{"trainRate", "TrainRate"}}, // a transposition
		{"Printn", []string{"Print", "Printf", "Println"}},
		{"Prinltn", []string{"Println"}},
		{"lne", []string{"len"}},
		{"nett", []string{"net"}},
		{"y", []string{"x"}},
		{"completelyDifferent", nil},
		{"trainer", nil}, // itself is no suggestion
		{"ab", nil},
	}
	for _, tt := range tests {
		if got := scope.Suggest(tt.name, cands); !slices.Equal(got, tt.want) {
			t.Errorf("Suggest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestDidYouMean feeds DidYouMean the messages go/types itself gives for
// misspelt cells.
func TestDidYouMean(t *testing.T) {
	nb := newNotebook(t, sessionCells...)
	s := nb.snapshot(nil)
	tests := []struct {
		code string
		want string // "" for no hint
	}{
		{"var _ = trainRat", "did you mean trainRate?"},
		{"var _ = trainstep(1)", "did you mean trainStep?"},
		{"var _ = net.Fitt()", "did you mean Fit?"},
		{"var _ = net.epoch", "did you mean epochs?"},
		{"var _ = srv.Adr", "did you mean Addr?"},
		{"var _ = mm.Sqr(2)", "did you mean Sqrt?"},
		{"var _ = str.TrimSpce(\"\")", "did you mean TrimSpace?"},
		{"var _ = lenn(hist)", "did you mean len?"},
		{"var bestModel = 1\nvar _ = bestModle", "did you mean bestModel?"},
		{"var _ = nothingLikeIt", ""},
		{"var _ = trainer{epoch: 1}", "did you mean epochs?"},
		{"var _ = http.Server{Adr: \":80\"}", "did you mean Addr?"},
		// go/types already says "but does have method Fit".
		{"var _ = net.fit()", ""},
	}
	for _, tt := range tests {
		_, _, _, _, errs := nb.check(tt.code)
		if len(errs) == 0 {
			t.Fatalf("%q type-checks", tt.code)
		}
		code := strings.ReplaceAll(tt.code, "var _ = ", "")
		if got := s.DidYouMean(code, errs[0].Msg); got != tt.want {
			t.Errorf("DidYouMean(%q, %q) = %q, want %q", code, errs[0].Msg, got, tt.want)
		}
		if got := s.DidYouMean(code, errs[0].Error()); got != tt.want { // with its position
			t.Errorf("DidYouMean(%q, %q) = %q, want %q", code, errs[0].Error(), got, tt.want)
		}
	}
}
