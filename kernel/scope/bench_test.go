package scope_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nnbook/nnbook/kernel/scope"
)

// bigSession returns a session of 200 live definitions over ten cells:
// per cell five struct types (each embedding the previous one, with a
// method), five functions, five variables and five constants.
func bigSession(tb testing.TB) *notebook {
	cells := []string{"import m \"math\"\nimport \"strings\"\nvar _ = m.Pi\nvar _ strings.Builder\n"}
	k := 0
	for c := range 10 {
		var b strings.Builder
		for range 5 {
			if k == 0 {
				fmt.Fprintf(&b, "// T%d is type %d.\ntype T%d struct{ Field%d int; name%d string }\n", k, k, k, k, k)
			} else {
				fmt.Fprintf(&b, "// T%d is type %d.\ntype T%d struct{ *T%d; Field%d int; name%d string }\n", k, k, k, k-1, k, k)
			}
			fmt.Fprintf(&b, "// Method%d is a method.\nfunc (t *T%d) Method%d(x float64) float64 { return x }\n", k, k, k)
			fmt.Fprintf(&b, "// fn%d makes a T%d.\nfunc fn%d(n int) *T%d { return &T%d{} }\n", k, k, k, k, k)
			fmt.Fprintf(&b, "var var%d = fn%d(%d)\n", k, k, c)
			fmt.Fprintf(&b, "const const%d = %d\n", k, k)
			k++
		}
		cells = append(cells, b.String())
	}
	nb := newNotebook(tb, cells...)
	if n := len(nb.defs) - k; n != 4*k { // methods are Defs too
		tb.Fatalf("session has %d definitions besides methods, want %d", n, 4*k)
	}
	return nb
}

// latencyRequests are the completions the latency is measured on: bare
// names, members of a deeply embedded type, calls, cell locals, import
// aliases and automatic imports.
var latencyRequests = []string{
	"va", "", "var49.", "var49.Meth", "fn27(1).", "x := var3\ny := fn12(2)\nz := y.T11\nz.",
	"m.Sq", "strings.Buil", "fmt.Println(var40.Fi", "for i := range 10 {\n\tvar48.Method48(float64(i)).",
}

// completionLatencies completes every request rounds times and returns
// the sorted latencies. Each round has a new snapshot of nb, as after
// every executed cell, so its cache starts empty.
func completionLatencies(nb *notebook, rounds int) []time.Duration {
	var lat []time.Duration
	for range rounds {
		s := nb.snapshot(func(string) (string, bool) { return "&{...}", true })
		for _, code := range latencyRequests {
			t0 := time.Now()
			s.Complete(code, utf8.RuneCountInString(code))
			lat = append(lat, time.Since(t0))
		}
	}
	slices.Sort(lat)
	return lat
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

// TestCompletionLatency checks the bound: p95 ≤ 50 ms for a
// completion in a session with 200 definitions, once the package index
// and importer are warm.
func TestCompletionLatency(t *testing.T) {
	nb := bigSession(t)
	completionLatencies(nb, 1) // warm the index and the importer
	lat := completionLatencies(nb, 20)
	p95 := percentile(lat, 0.95)
	t.Logf("%d completions: p50 %v, p95 %v, max %v", len(lat), percentile(lat, 0.5), p95, lat[len(lat)-1])
	if p95 > 50*time.Millisecond {
		t.Errorf("p95 completion latency %v, want ≤ 50ms", p95)
	}
}

// BenchmarkComplete measures completions in a session with 200
// definitions and reports the 50th and 95th percentile latency.
func BenchmarkComplete(b *testing.B) {
	nb := bigSession(b)
	completionLatencies(nb, 1)
	var lat []time.Duration
	for b.Loop() {
		lat = append(lat, completionLatencies(nb, 1)...)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(percentile(lat, 0.5).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 0.95).Microseconds())/1000, "p95-ms")
}

// BenchmarkInspect measures the inspection of a live variable with its
// type's documentation.
func BenchmarkInspect(b *testing.B) {
	s := bigSession(b).snapshot(func(string) (string, bool) { return "&{...}", true })
	for b.Loop() {
		if _, ok := s.Inspect("var49.Method48", 14, 1); !ok {
			b.Fatal("nothing found")
		}
	}
}

// BenchmarkNew measures what an executor pays after each cell: a new
// snapshot of 200 definitions and its methods.
func BenchmarkNew(b *testing.B) {
	nb := bigSession(b)
	for b.Loop() {
		scope.New(scope.Config{Defs: nb.defs, Imports: nb.imports, Packages: sharedIndex()})
	}
}
