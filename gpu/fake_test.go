package gpu

import (
	"errors"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/blas/testblas"
	"gonum.org/v1/gonum/mat"
)

// fakeDevice computes products with the textbook triple loop, counts its
// calls and fails on request, so that the routing and fallback logic of
// Implementation can be tested without a GPU.
type fakeDevice struct {
	calls  int
	closed int
	// fail, when set, is returned by dgemm after it has scribbled over C,
	// as a device that fails during the download might.
	fail func(m, n, k int) error
}

var _ device = (*fakeDevice)(nil)

func (f *fakeDevice) dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) error {
	f.calls++
	if f.fail != nil {
		if err := f.fail(m, n, k); err != nil {
			for i := range m {
				for j := range n {
					c[i*ldc+j] = -999
				}
			}
			return err
		}
	}
	at := func(i, l int) float64 {
		if transA {
			return a[l*lda+i]
		}
		return a[i*lda+l]
	}
	bt := func(l, j int) float64 {
		if transB {
			return b[j*ldb+l]
		}
		return b[l*ldb+j]
	}
	for i := range m {
		for j := range n {
			var s float64
			for l := range k {
				s += at(i, l) * bt(l, j)
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * s
			} else {
				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
			}
		}
	}
	return nil
}

func (f *fakeDevice) info() (DeviceInfo, error) {
	return DeviceInfo{Name: "fake", TotalMemory: 1 << 30}, nil
}

func (f *fakeDevice) close() error {
	f.closed++
	return nil
}

// TestFakeDeviceConformance runs gonum's conformance test through the
// device path, with every product sent to the fake device.
func TestFakeDeviceConformance(t *testing.T) {
	f := &fakeDevice{}
	impl := &Implementation{Threshold: 0, dev: f}
	testblas.TestDgemm(t, impl)
	if f.calls == 0 {
		t.Error("no product reached the device")
	}
	if err := impl.Err(); err != nil {
		t.Errorf("Err() = %v, want nil", err)
	}
}

// dgemmCase is one product with operands stored in padded row-major slices.
type dgemmCase struct {
	tA, tB        blas.Transpose
	m, n, k       int
	alpha, beta   float64
	a, b, c       []float64
	lda, ldb, ldc int
}

// newDgemmCase fills a product of the given sizes with values in [-1, 1)
// from rnd; each leading dimension exceeds the row length by pad.
func newDgemmCase(rnd *rand.Rand, tA, tB blas.Transpose, m, n, k, pad int, alpha, beta float64) dgemmCase {
	ar, ac := m, k
	if tA != blas.NoTrans {
		ar, ac = k, m
	}
	br, bc := k, n
	if tB != blas.NoTrans {
		br, bc = n, k
	}
	fill := func(rows, cols int) ([]float64, int) {
		ld := max(1, cols) + pad
		s := make([]float64, rows*ld)
		for i := range s {
			s[i] = 2*rnd.Float64() - 1
		}
		return s, ld
	}
	tc := dgemmCase{tA: tA, tB: tB, m: m, n: n, k: k, alpha: alpha, beta: beta}
	tc.a, tc.lda = fill(ar, ac)
	tc.b, tc.ldb = fill(br, bc)
	tc.c, tc.ldc = fill(m, n)
	return tc
}

// run computes the case with d on a copy of C and returns it.
func (tc dgemmCase) run(d blas.Float64) []float64 {
	c := append([]float64(nil), tc.c...)
	d.Dgemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, tc.a, tc.lda, tc.b, tc.ldb, tc.beta, c, tc.ldc)
	return c
}

func TestDgemmRouting(t *testing.T) {
	const tol = 1e-13 // the fake device and gonum sum in different orders
	rnd := rand.New(rand.NewPCG(1, 1))
	for i, test := range []struct {
		m, n, k      int
		alpha, beta  float64
		threshold    int
		minDim       int
		onDevice     bool
		why          string
		tA, tB       blas.Transpose
		pad          int
		wantUnscaled bool
	}{
		{m: 8, n: 8, k: 8, alpha: 1, threshold: 512, onDevice: true, why: "m·n·k = threshold"},
		{m: 8, n: 8, k: 7, alpha: 1, threshold: 512, onDevice: false, why: "m·n·k below threshold"},
		{m: 5, n: 9, k: 13, alpha: 0.5, beta: 2, threshold: 0, onDevice: true, why: "beta ≠ 0", tA: blas.Trans, pad: 3},
		{m: 5, n: 9, k: 13, alpha: -1, beta: 1, threshold: 0, onDevice: true, why: "both transposed", tA: blas.Trans, tB: blas.ConjTrans, pad: 1},
		{m: 6, n: 4, k: 0, alpha: 1, beta: 3, threshold: 0, onDevice: false, why: "k = 0 only scales C"},
		{m: 6, n: 4, k: 5, alpha: 0, beta: 3, threshold: 0, onDevice: false, why: "alpha = 0 only scales C"},
		{m: 1, n: 64, k: 64, alpha: 1, threshold: 64, minDim: 2, onDevice: false, why: "m below MinDim, m·n·k above threshold"},
		{m: 64, n: 1, k: 64, alpha: 1, threshold: 64, minDim: 2, onDevice: false, why: "n below MinDim"},
		{m: 64, n: 64, k: 1, alpha: 1, threshold: 64, minDim: 2, onDevice: false, why: "k below MinDim"},
		{m: 2, n: 2, k: 2, alpha: 1, threshold: 8, minDim: 2, onDevice: true, why: "each side = MinDim"},
	} {
		f := &fakeDevice{}
		impl := &Implementation{Threshold: test.threshold, MinDim: test.minDim, dev: f}
		tA, tB := test.tA, test.tB
		if tA == 0 {
			tA = blas.NoTrans
		}
		if tB == 0 {
			tB = blas.NoTrans
		}
		tc := newDgemmCase(rnd, tA, tB, test.m, test.n, test.k, test.pad, test.alpha, test.beta)
		got := tc.run(impl)
		want := tc.run(gonum.Implementation{})
		if (f.calls == 1) != test.onDevice {
			t.Errorf("case %d (%s): device calls = %d, want on device %t", i, test.why, f.calls, test.onDevice)
		}
		if !equalWithin(got, want, tol) {
			t.Errorf("case %d (%s): result differs from gonum's\ngot  %v\nwant %v", i, test.why, got, want)
		}
	}
}

// equalWithin reports whether a and b differ by at most tol in every element.
func equalWithin(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if d := a[i] - b[i]; d > tol || d < -tol {
			return false
		}
	}
	return true
}

func TestDgemmFallback(t *testing.T) {
	const tol = 1e-13
	oom := &Error{Op: "cudaMalloc", Code: cudaErrorMemoryAllocation}
	crash := &Error{Op: "cublasDgemm_v2", Code: 13}
	for _, test := range []struct {
		name string
		err  *Error
		beta float64
		// after the failing product, whether a product of the same size
		// and one of a smaller size still reach the device
		sameOnDevice, smallerOnDevice bool
	}{
		{name: "out of memory", err: oom, beta: 0, sameOnDevice: false, smallerOnDevice: true},
		{name: "out of memory, beta≠0", err: oom, beta: 0.5, sameOnDevice: false, smallerOnDevice: true},
		{name: "execution failed", err: crash, beta: 0, sameOnDevice: false, smallerOnDevice: false},
		{name: "execution failed, beta≠0", err: crash, beta: -2, sameOnDevice: false, smallerOnDevice: false},
	} {
		t.Run(test.name, func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(2, 2))
			const big = 16
			f := &fakeDevice{fail: func(m, n, k int) error {
				if m*n*k >= big*big*big {
					return test.err
				}
				return nil
			}}
			impl := &Implementation{dev: f}
			tc := newDgemmCase(rnd, blas.NoTrans, blas.Trans, big, big, big, 2, 1.5, test.beta)
			if got, want := tc.run(impl), tc.run(gonum.Implementation{}); !equalWithin(got, want, tol) {
				t.Fatalf("failed product: got %v, want %v", got, want)
			}
			if f.calls != 1 {
				t.Fatalf("device calls = %d, want 1", f.calls)
			}
			if err := impl.Err(); !errors.Is(err, test.err) {
				t.Errorf("Err() = %v, want %v", err, test.err)
			}
			if wantOOM := test.err == oom; errors.Is(impl.Err(), ErrOutOfMemory) != wantOOM {
				t.Errorf("errors.Is(Err(), ErrOutOfMemory) = %t, want %t", !wantOOM, wantOOM)
			}
			if wantClosed := boolRank(!test.smallerOnDevice); f.closed != wantClosed {
				t.Errorf("device closed %d times, want %d", f.closed, wantClosed)
			}

			for _, next := range []struct {
				size     int
				onDevice bool
			}{{big, test.sameOnDevice}, {big / 2, test.smallerOnDevice}} {
				calls := f.calls
				tc := newDgemmCase(rnd, blas.Trans, blas.NoTrans, next.size, next.size, next.size, 0, 1, test.beta)
				if got, want := tc.run(impl), tc.run(gonum.Implementation{}); !equalWithin(got, want, tol) {
					t.Errorf("n=%d after the failure: got %v, want %v", next.size, got, want)
				}
				if onDevice := f.calls > calls; onDevice != next.onDevice {
					t.Errorf("n=%d after the failure: on device %t, want %t", next.size, onDevice, next.onDevice)
				}
			}
		})
	}
}

func TestMatMul(t *testing.T) {
	a := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	b := mat.NewDense(3, 2, []float64{7, 8, 9, 10, 11, 12})
	// Worked by hand: row 1 is (1·7+2·9+3·11, 1·8+2·10+3·12).
	want := mat.NewDense(2, 2, []float64{58, 64, 139, 154})

	f := &fakeDevice{}
	impl := &Implementation{dev: f}
	var dst mat.Dense
	if err := impl.MatMul(&dst, a, b); err != nil {
		t.Fatalf("MatMul: %v", err)
	}
	if !mat.Equal(&dst, want) || f.calls != 1 {
		t.Errorf("MatMul = %v with %d device calls, want %v with 1", mat.Formatted(&dst), f.calls, mat.Formatted(want))
	}

	// A sub-matrix destination has a stride larger than its width.
	wide := mat.NewDense(2, 5, nil)
	view := wide.Slice(0, 2, 1, 3).(*mat.Dense)
	if err := impl.MatMul(view, a, b); err != nil {
		t.Fatalf("MatMul into a view: %v", err)
	}
	if wantWide := mat.NewDense(2, 5, []float64{0, 58, 64, 0, 0, 0, 139, 154, 0, 0}); !mat.Equal(wide, wantWide) {
		t.Errorf("MatMul into a view: got %v, want %v", mat.Formatted(wide), mat.Formatted(wantWide))
	}

	illegal := &Error{Op: "cudaStreamSynchronize", Code: 700}
	f.fail = func(m, n, k int) error { return illegal }
	if err := impl.MatMul(&dst, a, b); err != illegal {
		t.Errorf("MatMul on a failing device: err = %v, want %v", err, illegal)
	}
	if err := impl.MatMul(&dst, a, b); !errors.Is(err, illegal) || f.calls != 3 {
		t.Errorf("MatMul after a device failure: err = %v after %d device calls, want %v after 3", err, f.calls, illegal)
	}

	var cpu Implementation
	if err := cpu.MatMul(&dst, a, b); !errors.Is(err, ErrNoDevice) {
		t.Errorf("MatMul without a device: err = %v, want ErrNoDevice", err)
	}

	for _, test := range []struct {
		name      string
		dst, a, b *mat.Dense
		want      error
	}{
		{"inner sizes differ", &mat.Dense{}, a, a, mat.ErrShape},
		{"dst of the wrong size", mat.NewDense(3, 3, nil), a, b, mat.ErrShape},
		{"empty a", &mat.Dense{}, &mat.Dense{}, b, mat.ErrZeroLength},
	} {
		if got := panicValue(func() { _ = impl.MatMul(test.dst, test.a, test.b) }); got != test.want {
			t.Errorf("MatMul with %s panicked with %v, want %v", test.name, got, test.want)
		}
	}
}

// panicValue returns what f panics with, or nil.
func panicValue(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

func TestInfoAndClose(t *testing.T) {
	f := &fakeDevice{}
	impl := &Implementation{dev: f}
	if in, err := impl.Info(); err != nil || in.Name != "fake" {
		t.Errorf("Info() = %+v, %v; want the fake device", in, err)
	}
	if err := impl.Close(); err != nil || f.closed != 1 {
		t.Fatalf("Close() = %v with %d closes, want nil and 1", err, f.closed)
	}
	if err := impl.Close(); err != nil || f.closed != 1 {
		t.Errorf("second Close() = %v with %d closes, want nil and 1", err, f.closed)
	}
	if _, err := impl.Info(); !errors.Is(err, ErrNoDevice) {
		t.Errorf("Info() after Close: err = %v, want ErrNoDevice", err)
	}
	rnd := rand.New(rand.NewPCG(3, 3))
	tc := newDgemmCase(rnd, blas.NoTrans, blas.NoTrans, 4, 4, 4, 0, 1, 0)
	if got, want := tc.run(impl), tc.run(gonum.Implementation{}); !equalWithin(got, want, 0) || f.calls != 0 {
		t.Errorf("Dgemm after Close: got %v with %d device calls, want %v on the CPU", got, f.calls, want)
	}
	var cpu Implementation
	if _, err := cpu.Info(); !errors.Is(err, ErrNoDevice) {
		t.Errorf("zero Implementation: Info() err = %v, want ErrNoDevice", err)
	}
}

// countingCPU is a CPU BLAS that counts its Dgemm calls.
type countingCPU struct {
	gonum.Implementation
	calls int
}

func (c *countingCPU) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, cm []float64, ldc int) {
	c.calls++
	c.Implementation.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, cm, ldc)
}

// TestDgemmCPUField checks that Implementation.CPU computes the products
// that stay on the CPU and those that fall back to it, and no others.
func TestDgemmCPUField(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 3))
	f := &fakeDevice{fail: func(m, n, k int) error {
		if m == 9 {
			return &Error{Op: "cublasDgemm_v2", Code: 13}
		}
		return nil
	}}
	cpu := &countingCPU{}
	impl := &Implementation{Threshold: 8 * 8 * 8, dev: f, CPU: cpu}
	for _, test := range []struct {
		n              int
		cpuCalls, devs int
	}{
		{4, 1, 0}, // below the threshold
		{8, 1, 1}, // on the device
		{9, 2, 2}, // the device fails: back to the CPU field
		{8, 3, 2}, // the device is off after that failure
	} {
		tc := newDgemmCase(rnd, blas.NoTrans, blas.NoTrans, test.n, test.n, test.n, 1, 1, 0.5)
		if got, want := tc.run(impl), tc.run(gonum.Implementation{}); !equalWithin(got, want, 1e-13) {
			t.Errorf("n=%d: result differs from gonum's", test.n)
		}
		if cpu.calls != test.cpuCalls || f.calls != test.devs {
			t.Errorf("n=%d: CPU calls %d, device calls %d; want %d, %d", test.n, cpu.calls, f.calls, test.cpuCalls, test.devs)
		}
	}
}
