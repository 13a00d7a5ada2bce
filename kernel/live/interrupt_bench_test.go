package live

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
)

// loopKernels are tight numeric loops, each a function of the slices a and
// b defined twice: once as a cell compiled without the interrupt checks
// (suffix Plain) and once with them (suffix Checked).
const loopKernels = `func dot%[1]s(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func axpy%[1]s(alpha float64, x, y []float64) {
	for i, v := range x {
		y[i] += alpha * v
	}
}

func poly%[1]s(n int) float64 {
	x := 0.0
	for i := 0; i < n; i++ {
		x = x*0.999 + 1e-3
	}
	return x
}
`

// loopTiming times each kernel of loopKernels, plain and checked, taking
// the best of rounds runs that alternate between the two, and prints the
// nanoseconds per element of each as "name plain checked".
const loopTiming = `import (
	"fmt"
	"time"
)

// 2¹² elements stay in the cache: the loops are bound by the processor,
// where a check costs the most; each run goes over them 2⁸ times.
a, b := make([]float64, 1<<12), make([]float64, 1<<12)
for i := range a {
	a[i], b[i] = float64(i%%7), float64(i%%5)
}
const reps = 1 << 8
sink := 0.0
kernels := []struct {
	name           string
	plain, checked func()
}{
	{"dot", func() {
		for range reps {
			sink += dotPlain(a, b)
		}
	}, func() {
		for range reps {
			sink += dotChecked(a, b)
		}
	}},
	{"axpy", func() {
		for range reps {
			axpyPlain(1e-9, a, b)
		}
	}, func() {
		for range reps {
			axpyChecked(1e-9, a, b)
		}
	}},
	{"poly", func() { sink += polyPlain(reps * len(a)) }, func() { sink += polyChecked(reps * len(a)) }},
}
for _, k := range kernels {
	best := [2]time.Duration{time.Hour, time.Hour}
	for r := range %d {
		for j := range 2 {
			j = (j + r) %% 2 // alternate which runs first
			f := k.plain
			if j == 1 {
				f = k.checked
			}
			start := time.Now()
			f()
			best[j] = min(best[j], time.Since(start))
		}
	}
	_ = sink
	fmt.Println(k.name, float64(best[0].Nanoseconds())/float64(reps*len(a)), float64(best[1].Nanoseconds())/float64(reps*len(a)))
}
`

// BenchmarkInterruptCheck measures what the interrupt checks cost a tight
// numeric loop: the same kernels compiled into cells without and with the
// instrumentation, timed side by side in the worker (best of 30
// alternating runs over 2²⁰ elements, in the cache). It reports nanoseconds per element
// and the overhead in percent for each kernel.
func BenchmarkInterruptCheck(b *testing.B) {
	s, err := NewSession(Config{ProjectDir: "../.."})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if !s.tr.interruptible {
		b.Fatal("the session does not instrument cells")
	}
	s.tr.interruptible = false
	execute(b, s, 1, fmt.Sprintf(loopKernels, "Plain"))
	s.tr.interruptible = true
	execute(b, s, 2, fmt.Sprintf(loopKernels, "Checked"))
	n := 3
	sums := map[string][2]float64{}
	var names []string
	for b.Loop() {
		var out contracttest.Recorder
		res := s.Execute(context.Background(), contract.Request{Code: fmt.Sprintf(loopTiming, 30), ExecutionCount: n}, &out)
		n++
		if res.Err != nil {
			b.Fatalf("%v\n%s", res.Err, strings.Join(res.Err.Traceback, "\n"))
		}
		for _, line := range strings.Split(strings.TrimSpace(out.Stdout()), "\n") {
			var name string
			var plain, checked float64
			if _, err := fmt.Sscan(line, &name, &plain, &checked); err != nil {
				b.Fatalf("timing line %q: %v", line, err)
			}
			if _, ok := sums[name]; !ok {
				names = append(names, name)
			}
			s := sums[name]
			sums[name] = [2]float64{s[0] + plain, s[1] + checked}
		}
	}
	for _, name := range names {
		s := sums[name]
		b.ReportMetric(s[0]/float64(b.N), name+"-plain-ns/elem")
		b.ReportMetric(s[1]/float64(b.N), name+"-checked-ns/elem")
		b.ReportMetric((s[1]/s[0]-1)*100, name+"-overhead-%")
	}
}
