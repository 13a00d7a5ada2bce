package live

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/program"
)

// execute runs code as cell n and fails b on an error.
func execute(b *testing.B, s interface {
	Execute(context.Context, contract.Request, contract.Sink) contract.Result
}, n int, code string) {
	b.Helper()
	if res := s.Execute(context.Background(), contract.Request{Code: code, ExecutionCount: n}, contract.Discard); res.Err != nil {
		b.Fatalf("cell %d: %v\n%s", n, res.Err, strings.Join(res.Err.Traceback, "\n"))
	}
}

// matrixCell builds a 60 000 × 784 matrix, the size of MNIST's training
// images, with seeded values.
const matrixCell = `import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

rng := rand.New(rand.NewPCG(1, 1))
data := make([]float64, 60000*784)
for i := range data {
	data[i] = rng.Float64()
}
X := mat.NewDense(60000, 784, data)
`

// useCell uses the matrix of matrixCell.
const useCell = `col := mat.Col(nil, 3, X)
s := 0.0
for _, v := range col {
	s += v
}
s > 0
`

// BenchmarkCell measures the latency of one cell in a warm session, and
// reports where the time went: type-check, compile (cell package and
// plugin main), link, and load plus run in the worker.
func BenchmarkCell(b *testing.B) {
	cases := []struct {
		name, setup, code string
	}{
		{"trivial", `import "fmt"`, `fmt.Println("hello")`},
		{"func", `import "fmt"`, `func greet(name string) string { return fmt.Sprint("hello, ", name) }`},
		{"matrix", matrixCell, useCell},
	}
	for _, c := range cases {
		b.Run(c.name+"/gonb-style", func(b *testing.B) {
			s, err := program.NewSession(program.Config{ProjectDir: "../.."})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			// Statements' variables last one cell: the setup runs every time.
			code := c.setup + "\n" + strings.Replace(c.code, "s > 0", "_ = s > 0", 1)
			execute(b, s, 1, code)
			n := 2
			for b.Loop() {
				execute(b, s, n, code)
				n++
			}
		})
		b.Run(c.name+"/live", func(b *testing.B) {
			s, err := NewSession(Config{ProjectDir: "../.."})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			execute(b, s, 1, c.setup)
			execute(b, s, 2, c.code) // warm the build cache
			n := 3
			var check, compile, link float64
			for b.Loop() {
				execute(b, s, n, c.code)
				n++
				check += s.times.check.Seconds()
				compile += s.times.compile.Seconds()
				link += s.times.link.Seconds()
			}
			runs := float64(n - 3)
			b.ReportMetric(check/runs*1e3, "check-ms/op")
			b.ReportMetric(compile/runs*1e3, "compile-ms/op")
			b.ReportMetric(link/runs*1e3, "link-ms/op")
		})
	}
}

// BenchmarkMatrixSession runs a 10-cell session where cell 1 builds a
// 60 000 × 784 matrix and cells 2–10 use it: live keeps the matrix;
// the GoNB-style executor must build it again in every cell.
func BenchmarkMatrixSession(b *testing.B) {
	b.Run("live", func(b *testing.B) {
		s, err := NewSession(Config{ProjectDir: "../.."})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		execute(b, s, 1, matrixCell+useCell) // warm the build cache
		n := 2
		for b.Loop() {
			execute(b, s, n, matrixCell)
			n++
			for range 9 {
				execute(b, s, n, useCell)
				n++
			}
		}
	})
	b.Run("gonb-style", func(b *testing.B) {
		s, err := program.NewSession(program.Config{ProjectDir: "../.."})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		// Variables of statements last one cell: every cell builds X.
		code := matrixCell + strings.Replace(useCell, "s > 0", "_ = s > 0", 1)
		execute(b, s, 1, code)
		n := 2
		for b.Loop() {
			for range 10 {
				execute(b, s, n, code)
				n++
			}
		}
	})
}

// BenchmarkWorkerMemory reports the worker's resident memory after 200
// small cells, and its growth per cell.
func BenchmarkWorkerMemory(b *testing.B) {
	for b.Loop() {
		s, err := NewSession(Config{ProjectDir: "../.."})
		if err != nil {
			b.Fatal(err)
		}
		execute(b, s, 1, `import "fmt"`)
		first := rss(b, s.w.cmd.Process.Pid)
		for n := 2; n <= 201; n++ {
			execute(b, s, n, "v"+strconv.Itoa(n)+" := "+strconv.Itoa(n)+"\nfmt.Println(v"+strconv.Itoa(n)+")")
		}
		last := rss(b, s.w.cmd.Process.Pid)
		b.ReportMetric(last/(1<<20), "rss-MiB")
		b.ReportMetric((last-first)/200/(1<<20), "MiB/cell")
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// rss returns the resident set size of process pid in bytes.
func rss(b *testing.B, pid int) float64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb * 1024
		}
	}
	b.Fatal("no VmRSS in /proc status")
	return 0
}
