package cpublas

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// fakeLibrary is a library that records its calls and computes them with
// gonum, so that routing can be tested without a real library.
type fakeLibrary struct {
	calls map[string]int
}

var _ library = (*fakeLibrary)(nil)

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

func (f *fakeLibrary) dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	f.calls["Dgemm"]++
	gonum.Implementation{}.Dgemm(trans(transA), trans(transB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func (f *fakeLibrary) dgemv(transA bool, m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	f.calls["Dgemv"]++
	gonum.Implementation{}.Dgemv(trans(transA), m, n, alpha, a, lda, x, incX, beta, y, incY)
}

func (f *fakeLibrary) dger(m, n int, alpha float64, x []float64, incX int, y []float64, incY int, a []float64, lda int) {
	f.calls["Dger"]++
	gonum.Implementation{}.Dger(m, n, alpha, x, incX, y, incY, a, lda)
}

func (f *fakeLibrary) dsyrk(upper, transA bool, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	f.calls["Dsyrk"]++
	ul := blas.Lower
	if upper {
		ul = blas.Upper
	}
	gonum.Implementation{}.Dsyrk(ul, trans(transA), n, k, alpha, a, lda, beta, c, ldc)
}

func (f *fakeLibrary) setThreads(int) error { return nil }
func (f *fakeLibrary) threads() int         { return 3 }
func (f *fakeLibrary) info() Info           { return Info{Name: "Fake", Path: "/fake/libfake.so", Threads: 3} }

// calls runs each routine once at size n (square), with alpha.
func callAll(impl blas.Float64, n int, alpha float64) {
	rnd := rand.New(rand.NewPCG(uint64(n), 2))
	fill := func(l int) []float64 {
		s := make([]float64, l)
		for i := range s {
			s[i] = rnd.Float64()
		}
		return s
	}
	impl.Dgemm(blas.NoTrans, blas.Trans, n, n, n, alpha, fill(n*n), n, fill(n*n), n, 0.5, fill(n*n), n)
	impl.Dgemv(blas.Trans, n, n, alpha, fill(n*n), n, fill(n), 1, 0.5, fill(n), 1)
	impl.Dger(n, n, alpha, fill(n), 1, fill(n), 1, fill(n*n), n)
	impl.Dsyrk(blas.Upper, blas.NoTrans, n, n, alpha, fill(n*n), n, 0.5, fill(n*n), n)
}

func TestRouting(t *testing.T) {
	th := Thresholds{Gemm: 27, Gemv: 16, Ger: 25, Syrk: 100}
	for _, test := range []struct {
		n     int
		alpha float64
		want  map[string]int
	}{
		{2, 1, map[string]int{}},
		{3, 1, map[string]int{"Dgemm": 1}},
		{4, 1, map[string]int{"Dgemm": 1, "Dgemv": 1}},
		{5, 1, map[string]int{"Dgemm": 1, "Dgemv": 1, "Dger": 1, "Dsyrk": 1}},
		{5, 0, map[string]int{}}, // alpha = 0 only scales: pure Go
	} {
		f := &fakeLibrary{calls: map[string]int{}}
		impl := &Implementation{Thresholds: th, lib: f}
		callAll(impl, test.n, test.alpha)
		if fmt.Sprint(f.calls) != fmt.Sprint(test.want) {
			t.Errorf("n=%d alpha=%v: library calls %v, want %v", test.n, test.alpha, f.calls, test.want)
		}
	}
	// The zero Implementation has no library and computes in pure Go.
	callAll(&Implementation{}, 5, 1)
}

// TestPanicsBeforeLibrary checks that misuse panics with gonum's message
// and never reaches the library.
func TestPanicsBeforeLibrary(t *testing.T) {
	f := &fakeLibrary{calls: map[string]int{}}
	impl := &Implementation{lib: f}
	for _, test := range []struct {
		name string
		call func(blas.Float64)
	}{
		{"Dgemm short C", func(b blas.Float64) {
			b.Dgemm(blas.NoTrans, blas.NoTrans, 4, 4, 4, 1, make([]float64, 16), 4, make([]float64, 16), 4, 0, make([]float64, 15), 4)
		}},
		{"Dgemm bad lda", func(b blas.Float64) {
			b.Dgemm(blas.NoTrans, blas.NoTrans, 4, 4, 4, 1, make([]float64, 16), 3, make([]float64, 16), 4, 0, make([]float64, 16), 4)
		}},
		{"Dgemv short x", func(b blas.Float64) {
			b.Dgemv(blas.NoTrans, 4, 4, 1, make([]float64, 16), 4, make([]float64, 3), 1, 0, make([]float64, 4), 1)
		}},
		{"Dger zero incX", func(b blas.Float64) {
			b.Dger(4, 4, 1, make([]float64, 4), 0, make([]float64, 4), 1, make([]float64, 16), 4)
		}},
		{"Dsyrk bad uplo", func(b blas.Float64) {
			b.Dsyrk(blas.All, blas.NoTrans, 4, 4, 1, make([]float64, 16), 4, 0, make([]float64, 16), 4)
		}},
	} {
		got, want := panicValue(func() { test.call(impl) }), panicValue(func() { test.call(gonum.Implementation{}) })
		if want == nil || got != want {
			t.Errorf("%s: panic %v, want gonum's %v", test.name, got, want)
		}
	}
	if len(f.calls) != 0 {
		t.Errorf("the library was called for misuse: %v", f.calls)
	}
}

func panicValue(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

func TestStringAndThreads(t *testing.T) {
	impl := &Implementation{lib: &fakeLibrary{}}
	if got, want := impl.String(), "Fake, 3 threads (/fake/libfake.so)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if err := impl.SetThreads(0); err == nil {
		t.Error("SetThreads(0) = nil, want an error")
	}
	var zero Implementation
	if err := zero.SetThreads(2); err != ErrNoLibrary {
		t.Errorf("SetThreads on the zero Implementation = %v, want ErrNoLibrary", err)
	}
	if got := zero.String(); got != "pure Go (cpublas: no CPU BLAS library)" {
		t.Errorf("zero String() = %q", got)
	}
}
