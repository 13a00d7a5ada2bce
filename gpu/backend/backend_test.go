package backend

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/gpu"
	"github.com/nnbook/nnbook/gpu/cpublas"
)

// restore puts back the BLAS in use when the test ends.
func restore(t *testing.T) {
	t.Helper()
	impl := blas64.Implementation()
	mu.Lock()
	cur := current
	mu.Unlock()
	t.Cleanup(func() {
		blas64.Use(impl)
		mu.Lock()
		current = cur
		mu.Unlock()
	})
}

// haveLibrary reports whether a CPU BLAS library loads here; under CI,
// where .ci/run installs OpenBLAS, it must.
func haveLibrary(t *testing.T) bool {
	t.Helper()
	_, err := cpublas.New()
	if err != nil && os.Getenv("CI") == "true" && !strings.Contains(err.Error(), "built without cgo") {
		t.Fatalf("CI is set but no CPU BLAS library loads: %v", err)
	}
	return err == nil
}

func TestUseGo(t *testing.T) {
	restore(t)
	b, err := Use(Go)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := blas64.Implementation().(gonum.Implementation); !ok || b.Name != Go {
		t.Errorf("Use(Go) = %v, blas64 uses %T", b, blas64.Implementation())
	}
	if got := Current(); got != b {
		t.Errorf("Current() = %v, want %v", got, b)
	}
}

func TestUseCPU(t *testing.T) {
	restore(t)
	if _, err := Use(Go); err != nil {
		t.Fatal(err)
	}
	b, err := Use(CPU)
	if !haveLibrary(t) {
		if !errors.Is(err, cpublas.ErrNoLibrary) || !strings.HasPrefix(err.Error(), "backend: cpu: cpublas: no CPU BLAS library") {
			t.Errorf("Use(CPU) without a library = %v, want ErrNoLibrary", err)
		}
		if Current().Name != Go {
			t.Errorf("a failed Use changed the backend to %v", Current())
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := blas64.Implementation().(*cpublas.Implementation); !ok || Current() != b || b.Name != CPU {
		t.Errorf("Use(CPU) = %v; blas64 uses %T", b, blas64.Implementation())
	}
	// A product through mat agrees with pure Go to rounding.
	rnd := rand.New(rand.NewPCG(3, 3))
	a, x := mat.NewDense(64, 784, nil), mat.NewDense(784, 128, nil)
	for _, m := range []*mat.Dense{a, x} {
		r, c := m.Dims()
		for i := range r {
			for j := range c {
				m.Set(i, j, rnd.NormFloat64())
			}
		}
	}
	var got, want mat.Dense
	got.Mul(a, x)
	blas64.Use(gonum.Implementation{})
	want.Mul(a, x)
	if d := maxRelDiff(&got, &want); d > 1e-12 {
		t.Errorf("CPU library and pure Go differ by %.3g relative", d)
	}
}

func maxRelDiff(a, b *mat.Dense) float64 {
	var d, s float64
	r, c := a.Dims()
	for i := range r {
		for j := range c {
			d = max(d, math.Abs(a.At(i, j)-b.At(i, j)))
			s = max(s, math.Abs(b.At(i, j)))
		}
	}
	return d / s
}

func TestUseFailures(t *testing.T) {
	restore(t)
	if _, err := Use(Go); err != nil {
		t.Fatal(err)
	}
	_, err := Use("openblas")
	if want := `backend: unknown BLAS "openblas": choose go, cpu, cuda or auto`; err == nil || err.Error() != want {
		t.Errorf("Use(openblas) = %v, want %q", err, want)
	}
	if _, err := Use(CUDA); err == nil {
		t.Skip("a CUDA device is present")
	} else if !errors.Is(err, gpu.ErrNoDevice) {
		t.Errorf("Use(CUDA) without a device = %v, want gpu.ErrNoDevice", err)
	}
	if Current().Name != Go {
		t.Errorf("failed Uses changed the backend to %v", Current())
	}
}

func TestAutoFallsBack(t *testing.T) {
	restore(t)
	t.Setenv(cpublas.EnvLibrary, "/nonexistent/libopenblas.so.0")
	b, err := Use(Auto)
	if err != nil {
		t.Fatal(err)
	}
	want := "cpublas: no CPU BLAS library: NNBOOK_BLAS_LIB=/nonexistent/libopenblas.so.0"
	if _, err := cpublas.New(); err != nil && strings.Contains(err.Error(), "built without cgo") {
		want = "built without cgo"
	}
	if b.Name != Go || !strings.Contains(b.Note, want) {
		t.Errorf("Use(Auto) without a library = %v, want pure Go with the reason", b)
	}
}

func TestAuto(t *testing.T) {
	restore(t)
	b, err := Use(Auto)
	if err != nil {
		t.Fatal(err)
	}
	want := Go
	if haveLibrary(t) {
		want = CPU
	}
	if b.Name != want {
		t.Errorf("Use(Auto) = %v, want %s", b, want)
	}
}

func TestUseDefault(t *testing.T) {
	restore(t)
	t.Setenv(EnvBLAS, Go)
	if b, err := UseDefault(); err != nil || b.Name != Go {
		t.Errorf("UseDefault with %s=go = %v, %v", EnvBLAS, b, err)
	}
	t.Setenv(EnvBLAS, "bogus")
	b, err := UseDefault()
	if err == nil || b.Name != Go || !strings.Contains(b.Note, `NNBOOK_BLAS=bogus: backend: unknown BLAS "bogus"`) {
		t.Errorf("UseDefault with %s=bogus = %v, %v; want pure Go and the error", EnvBLAS, b, err)
	}
	if Current() != b {
		t.Errorf("Current() = %v, want %v", Current(), b)
	}
}

// other is a BLAS installed behind the package's back.
type other struct{ gonum.Implementation }

func TestCurrentOther(t *testing.T) {
	restore(t)
	blas64.Use(&other{})
	if b := Current(); b.Name != "other" || b.Detail != "*backend.other, installed with blas64.Use" {
		t.Errorf("Current() = %v", b)
	}
}

func TestSetThreads(t *testing.T) {
	restore(t)
	if _, err := Use(Go); err != nil {
		t.Fatal(err)
	}
	if err := SetThreads(1); err == nil || !strings.Contains(err.Error(), "go computes without a CPU library") {
		t.Errorf("SetThreads on pure Go = %v, want an error saying why", err)
	}
	if !haveLibrary(t) {
		return
	}
	b, err := Use(CPU)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := b.Impl.(*cpublas.Implementation).Info()
	if before.Threads > 0 {
		defer SetThreads(before.Threads)
	}
	if err := SetThreads(1); err != nil {
		t.Fatal(err)
	}
	info, _ := b.Impl.(*cpublas.Implementation).Info()
	if info.Threads != 0 && (info.Threads != 1 || !strings.Contains(Current().Detail, ", 1 thread (")) {
		t.Errorf("after SetThreads(1): library reports %d threads, Detail %q", info.Threads, Current().Detail)
	}
}
