package data

import (
	"bufio"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

var smoteOut = flag.String("smote.out", "", "write the SMOTE benchmark data to this file for testdata/smote_bench.py")

// smoteBench returns the benchmark data: nMin minority samples of class 1
// from N(0, I) and 2·nMin majority samples of class 0 from N(1, I), d
// features, majority first. SMOTE with Ratio 1 then makes nMin new points.
func smoteBench(nMin, d int) (*mat.Dense, []int) {
	return imbalanced([]int{2 * nMin, nMin}, d, 42)
}

// TestSMOTEBenchData checks the benchmark data and, with -smote.out=FILE,
// writes them for testdata/smote_bench.py: int64 n and d (little endian),
// then n·d float64 row by row, then n int64 labels.
func TestSMOTEBenchData(t *testing.T) {
	x, y := smoteBench(10000, 64)
	if r, c := x.Dims(); r != 30000 || c != 64 || !slices.Equal(classCounts(y), []int{20000, 10000}) {
		t.Fatalf("benchmark data: %d×%d with class counts %v", r, c, classCounts(y))
	}
	if *smoteOut == "" {
		return
	}
	f, err := os.Create(*smoteOut)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	r, c := x.Dims()
	for _, v := range []any{int64(r), int64(c), x.RawMatrix().Data} {
		if err := binary.Write(w, binary.LittleEndian, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range y {
		if err := binary.Write(w, binary.LittleEndian, int64(l)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkSMOTE resamples nMin minority against 2·nMin majority samples of
// d features with K = 5; the minority neighbour search dominates.
func BenchmarkSMOTE(b *testing.B) {
	for _, size := range []struct{ n, d int }{{1000, 64}, {10000, 64}} {
		b.Run(fmt.Sprintf("n=%d,d=%d,k=5", size.n, size.d), func(b *testing.B) {
			x, y := smoteBench(size.n, size.d)
			s := NewSMOTE(1)
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := s.Resample(x, y); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
