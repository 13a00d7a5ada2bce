package program

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/nnbook/nnbook/internal/golden"
	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/contract"
)

// TestErrorRendering runs the cells of each testdata/errors archive and
// compares the last cell's error, as the kernel would publish it, with the
// golden file.
func TestErrorRendering(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	s, err := NewSession(Config{ProjectDir: "../.."})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hex := regexp.MustCompile(`0x[0-9a-f]+`)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var res contract.Result
			for i, f := range ar.Files {
				n, _ := strconv.Atoi(f.Name)
				res = s.Execute(context.Background(), contract.Request{Code: string(f.Data), ExecutionCount: n}, contract.Discard)
				if last := i == len(ar.Files)-1; (res.Err != nil) != last {
					t.Fatalf("cell %d: error %v; want an error in the last cell only", n, res.Err)
				}
			}
			var b bytes.Buffer
			b.WriteString(res.Err.Name + ": " + res.Err.Value + "\n")
			for _, l := range res.Err.Traceback {
				b.WriteString(hex.ReplaceAllString(l, "0x?") + "\n")
			}
			got := b.Bytes()
			golden.Check(t, strings.TrimSuffix(file, ".txtar")+".golden", got)
		})
	}
}

func TestCellErrorsErr(t *testing.T) {
	var none cell.CellErrors
	if err := none.Err(); err != nil {
		t.Errorf("empty list: Err() = %#v, want nil", err)
	}
	l := cell.CellErrors{{Cell: 2, Line: 1, Col: 3, Msg: "second"}, {Cell: 1, Line: 4, Col: 1, Msg: "first"}}
	l.Sort()
	err := l.Err()
	e, ok := err.(*contract.Error)
	if !ok {
		t.Fatalf("Err() = %T, want *contract.Error", err)
	}
	if e.Name != "CompileError" || e.Value != "first" {
		t.Errorf("Err() = %v, want CompileError: first", e)
	}
	if got, want := len(e.Traceback), 2; got != want {
		t.Errorf("traceback has %d lines, want %d", got, want)
	}
}
