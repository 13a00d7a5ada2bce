package program

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nnbook/nnbook/kernel/contract"
)

// BenchmarkExecute measures a warm trivial cell end to end (hello: the code
// changes every time, so every iteration compiles and links; rerun: the same
// cell again), and the phases of one cell: compose (parse, merge, compose,
// automatic imports), build and run.
func BenchmarkExecute(b *testing.B) {
	s, err := NewSession(Config{ProjectDir: "../.."})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	// Warm: the build cache, the package index and the session's go.mod.
	if res := s.Execute(ctx, contract.Request{Code: `fmt.Println("warm")`}, contract.Discard); res.Err != nil {
		b.Fatal(res.Err)
	}
	b.Run("hello", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			if res := s.Execute(ctx, contract.Request{Code: fmt.Sprintf("fmt.Println(\"hello\", %d)", i)}, contract.Discard); res.Err != nil {
				b.Fatal(res.Err)
			}
		}
	})
	b.Run("rerun", func(b *testing.B) {
		for b.Loop() {
			if res := s.Execute(ctx, contract.Request{Code: `fmt.Println("hello")`}, contract.Discard); res.Err != nil {
				b.Fatal(res.Err)
			}
		}
	})
	code := `fmt.Println("hello", strings.ToUpper("x"))`
	b.Run("phase=compose", func(b *testing.B) {
		for b.Loop() {
			pc, err := parseCell(code, 1)
			if err != nil {
				b.Fatal(err)
			}
			compose(s.decls.merge(pc.decls, func(d *decl) string { return importName(d, s.index) }), pc, 1, s.index)
		}
	})
	pc, _ := parseCell(code, 1)
	prog := compose(s.decls, pc, 1, s.index)
	bin := filepath.Join(s.dir, "cell")
	b.Run("phase=build", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			src := append(prog.src, fmt.Sprintf("\nconst nnbookBench = %d\n", i)...)
			if err := os.WriteFile(filepath.Join(s.dir, "main.go"), src, 0o600); err != nil {
				b.Fatal(err)
			}
			if e := s.build(ctx, prog.pos, bin); e != nil {
				b.Fatal(e)
			}
		}
	})
	b.Run("phase=run", func(b *testing.B) {
		for b.Loop() {
			if e := s.run(ctx, contract.Request{}, bin, nil, prog.pos, contract.Discard); e != nil {
				b.Fatal(e)
			}
		}
	})
}

// BenchmarkComplete measures completion and inspection once the package
// index has loaded the package (the first call loads it; see TestColdLookup).
func BenchmarkComplete(b *testing.B) {
	s, err := NewSession(Config{ProjectDir: "../.."})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, code := range []string{"fmt.Printl", "mat.NewDen", "train"} {
		b.Run("complete/"+code, func(b *testing.B) {
			for b.Loop() {
				s.Complete(code, len(code))
			}
		})
	}
	b.Run("inspect/fmt.Println", func(b *testing.B) {
		for b.Loop() {
			if _, ok := s.Inspect("fmt.Println", 11, 0); !ok {
				b.Fatal("not found")
			}
		}
	})
}
