package backend

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/gpu"
)

func TestChoices(t *testing.T) {
	restore(t)
	if _, err := Use(Go); err != nil {
		t.Fatal(err)
	}
	before := Current()
	cs := Choices()
	if Current() != before {
		t.Errorf("Choices changed the backend in use from %v to %v", before, Current())
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	if !slices.Equal(names, Names()) {
		t.Fatalf("Choices named %v, want %v", names, Names())
	}
	if cs[0].Err != nil || cs[0].Detail != pureGo().Detail {
		t.Errorf("go: %+v, want always available", cs[0])
	}
	lib := haveLibrary(t)
	if got := cs[1].Err == nil; got != lib {
		t.Errorf("cpu available = %v (%v), want %v: a library loads here", got, cs[1].Err, lib)
	}
	if lib && !strings.Contains(cs[1].Detail, "(/") {
		t.Errorf("cpu detail %q, want the library's path", cs[1].Detail)
	}
	if cs[2].Err != nil && !errors.Is(cs[2].Err, gpu.ErrNoDevice) {
		t.Errorf("cuda: %v, want nil or an error matching gpu.ErrNoDevice", cs[2].Err)
	}
	if want := map[bool]string{true: CPU, false: Go + " (no CPU library loads)"}[lib]; cs[3].Detail != want || cs[3].Err != nil {
		t.Errorf("auto: %+v, want it to pick %q", cs[3], want)
	}
}

// A backend in use is described as it is, not probed again: its threads
// stay as set.
func TestChoicesCurrent(t *testing.T) {
	restore(t)
	if !haveLibrary(t) {
		t.Skip("no CPU BLAS library here")
	}
	b, err := Use(CPU)
	if err != nil {
		t.Fatal(err)
	}
	if err := SetThreads(1); err != nil {
		t.Fatal(err)
	}
	if cpu := Choices()[1]; cpu.Detail != b.Detail || !strings.Contains(cpu.Detail, ", 1 thread (") {
		t.Errorf("cpu: %+v, want the backend in use, %q, with 1 thread", cpu, b.Detail)
	}
}

func TestReport(t *testing.T) {
	restore(t)
	t.Setenv(EnvBLAS, "")
	if _, err := Use(Go); err != nil {
		t.Fatal(err)
	}
	r := Report()
	for _, want := range []string{
		"BLAS in use: go: gonum's pure-Go BLAS, reproducible bit for bit\n",
		fmt.Sprintf("  (products run on up to GOMAXPROCS = %d goroutines)\n", runtime.GOMAXPROCS(0)),
		"NNBOOK_BLAS: unset (auto)\n",
		"Backends on this machine:\n  go    yes  gonum's pure-Go BLAS, reproducible bit for bit\n",
		"\n  cuda  ",
		"\n  auto  → ",
	} {
		if !strings.Contains(r, want) {
			t.Errorf("Report() =\n%s\nwant it to contain %q", r, want)
		}
	}
	os.Setenv(EnvBLAS, "go")
	if r := Report(); !strings.Contains(r, "\nNNBOOK_BLAS: go\n") {
		t.Errorf("Report() with NNBOOK_BLAS=go =\n%s", r)
	}
	if haveLibrary(t) {
		if _, err := Use(CPU); err != nil {
			t.Fatal(err)
		}
		r := Report()
		if !strings.HasPrefix(r, "BLAS in use: cpu: ") || strings.Contains(r, "GOMAXPROCS") || !strings.Contains(r, "\n  cpu   yes  ") || !strings.Contains(r, "\n  auto  → cpu\n") {
			t.Errorf("Report() with the CPU library in use =\n%s", r)
		}
	}
}

func TestUseOrGo(t *testing.T) {
	restore(t)
	b, err := UseOrGo("bogus")
	if err == nil || b.Name != Go || b.Note != `bogus: backend: unknown BLAS "bogus": choose go, cpu, cuda or auto` || Current() != b {
		t.Errorf("UseOrGo(bogus) = %v, %v; want pure Go in use and the reason", b, err)
	}
	if b, err := UseOrGo(Go); err != nil || b.Name != Go || b.Note != "" {
		t.Errorf("UseOrGo(go) = %v, %v", b, err)
	}
}
