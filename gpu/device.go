//go:build cgo

package gpu

import (
	"errors"
	"fmt"

	"github.com/nnbook/nnbook/gpu/internal/cuda"
	"github.com/nnbook/nnbook/internal/dl"
)

// cudaDevice is the device behind cuBLAS. Its buffers only grow, so a
// sequence of products of one size allocates once.
type cudaDevice struct {
	dev            *cuda.Device
	a, b, c        cuda.Buffer // staging for A, B and C
	cudart, cublas string      // the library files loaded
}

var _ device = (*cudaDevice)(nil)

// openDevice loads the libraries that s finds and opens device 0. A
// runtime that the driver is too old for (or a stub) is passed over for
// the next one, so that an older CUDA installed beside a newer one is used.
func openDevice(s dl.Search) (*cudaDevice, error) {
	rt, err := s.Find(libcudart, dl.Open, acceptRuntime)
	if err != nil {
		return nil, libraryError(err)
	}
	blas, err := s.Find(preferring(libcublas, majorVersion(rt.Path)), dl.Open, nil)
	if err != nil {
		return nil, libraryError(err)
	}
	api, err := cuda.Bind(rt, blas)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoDevice, err)
	}
	n, err := api.DeviceCount()
	if err != nil {
		return nil, newError(err)
	}
	if n == 0 {
		return nil, fmt.Errorf("%w: the driver reports no devices", ErrNoDevice)
	}
	dev, err := api.NewDevice(0)
	if err != nil {
		return nil, newError(err)
	}
	return &cudaDevice{dev: dev, cudart: rt.Path, cublas: blas.Path}, nil
}

// acceptRuntime refuses a CUDA runtime that cannot drive a device here
// because the driver is too old for it or it is a stub; other failures,
// such as no device, are New's to report.
func acceptRuntime(rt *dl.Library) error {
	_, err := cuda.Probe(rt)
	var f *cuda.Failure
	if errors.As(err, &f) && (f.Code == cudaErrorInsufficientDriver || f.Code == cudaErrorStubLibrary || f.Code < 0) {
		return newError(err)
	}
	return nil
}

func (d *cudaDevice) dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) error {
	if err := d.reserve(m*k, k*n, m*n); err != nil {
		return err
	}
	return newError(d.dev.Dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, d.a, d.b, d.c))
}

// reserve grows the staging buffers to hold at least na, nb and nc values.
// When the device runs out of memory, it frees all three and tries once
// more, since the old buffers may be what fills it.
func (d *cudaDevice) reserve(na, nb, nc int) error {
	err := d.grow(na, nb, nc)
	if errors.Is(err, ErrOutOfMemory) {
		if ferr := d.free(); ferr != nil {
			return errors.Join(err, ferr)
		}
		err = d.grow(na, nb, nc)
	}
	return err
}

func (d *cudaDevice) grow(na, nb, nc int) error {
	for _, g := range []struct {
		buf *cuda.Buffer
		n   int
	}{{&d.a, na}, {&d.b, nb}, {&d.c, nc}} {
		if g.buf.Len >= g.n {
			continue
		}
		if err := d.dev.Free(*g.buf); err != nil {
			return newError(err)
		}
		*g.buf = cuda.Buffer{}
		nbuf, err := d.dev.Alloc(g.n)
		if err != nil {
			return newError(err)
		}
		*g.buf = nbuf
	}
	return nil
}

// free releases the staging buffers.
func (d *cudaDevice) free() error {
	var errs []error
	for _, buf := range []*cuda.Buffer{&d.a, &d.b, &d.c} {
		if err := d.dev.Free(*buf); err != nil {
			errs = append(errs, newError(err))
		}
		*buf = cuda.Buffer{}
	}
	return errors.Join(errs...)
}

func (d *cudaDevice) info() (DeviceInfo, error) {
	in, err := d.dev.Info()
	if err != nil {
		return DeviceInfo{}, newError(err)
	}
	return DeviceInfo{
		Name:           in.Name,
		TotalMemory:    in.Total,
		FreeMemory:     in.Free,
		Driver:         cudaVersion(in.Driver),
		Runtime:        cudaVersion(in.Runtime),
		CUBLAS:         Version{Major: in.CUBLAS / 10000, Minor: in.CUBLAS / 100 % 100, Patch: in.CUBLAS % 100},
		RuntimeLibrary: d.cudart,
		CUBLASLibrary:  d.cublas,
	}, nil
}

// newError converts a failure of package cuda into an *Error and passes
// other errors through.
func newError(err error) error {
	var f *cuda.Failure
	if errors.As(err, &f) {
		return &Error{Op: f.Op, Code: f.Code}
	}
	return err
}

// cudaVersion decodes CUDA's 1000·major + 10·minor.
func cudaVersion(v int) Version {
	return Version{Major: v / 1000, Minor: v % 1000 / 10}
}

func (d *cudaDevice) close() error {
	return errors.Join(d.free(), newError(d.dev.Close()))
}

// resident is a product whose operands stay on the device: it measures
// cuBLAS itself, without the copies (see BenchmarkDgemm).
type resident struct {
	d       *cudaDevice
	m, n, k int
	a, b, c cuda.Buffer
}

// newResident uploads the row-major m×k matrix a and k×n matrix b.
func (d *cudaDevice) newResident(m, n, k int, a, b []float64) (*resident, error) {
	r := &resident{d: d, m: m, n: n, k: k}
	var err error
	if r.a, err = d.dev.Alloc(m * k); err != nil {
		return nil, errors.Join(newError(err), r.free())
	}
	if r.b, err = d.dev.Alloc(k * n); err != nil {
		return nil, errors.Join(newError(err), r.free())
	}
	if r.c, err = d.dev.Alloc(m * n); err != nil {
		return nil, errors.Join(newError(err), r.free())
	}
	if err := d.dev.Upload(r.a, a, m, k, k); err != nil {
		return nil, errors.Join(newError(err), r.free())
	}
	if err := d.dev.Upload(r.b, b, k, n, n); err != nil {
		return nil, errors.Join(newError(err), r.free())
	}
	return r, nil
}

// gemm enqueues C = A·B on the device without waiting for it.
func (r *resident) gemm() error {
	return newError(r.d.dev.Gemm(false, false, r.m, r.n, r.k, 1, r.a, r.b, 0, r.c))
}

// sync waits for the enqueued products.
func (r *resident) sync() error { return newError(r.d.dev.Sync()) }

func (r *resident) free() error {
	var errs []error
	for _, buf := range []cuda.Buffer{r.a, r.b, r.c} {
		if err := r.d.dev.Free(buf); err != nil {
			errs = append(errs, newError(err))
		}
	}
	return errors.Join(errs...)
}
