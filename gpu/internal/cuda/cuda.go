// Package cuda is the raw cgo layer under package gpu. Given the CUDA
// runtime and cuBLAS opened by package dl, it resolves the few entry points
// it needs with dlsym (their prototypes are declared in nbcuda.h, so no CUDA header
// is needed to build), and calls them. It links only libc and libdl.
//
// Matrices are row-major, as in gonum. Device buffers hold them packed: a
// rows×cols matrix occupies rows·cols float64 values with leading dimension
// cols. Callers check that every dimension fits in a C int.
package cuda

/*
#cgo LDFLAGS: -ldl
#include <stdlib.h>
#include "nbcuda.h"
*/
import "C"

import (
	"fmt"
	"strings"
	"unsafe"

	"github.com/nnbook/nnbook/internal/dl"
)

// Failure is a CUDA runtime or cuBLAS call that did not succeed.
type Failure struct {
	Op   string // the entry point, such as "cudaMalloc"
	Code int    // the cudaError_t or cublasStatus_t it returned
}

func (f *Failure) Error() string {
	return fmt.Sprintf("cuda: %s returned %d", f.Op, f.Code)
}

func check(s C.nb_status) error {
	if s.op == nil {
		return nil
	}
	return &Failure{Op: C.GoString(s.op), Code: int(s.code)}
}

// API holds the resolved entry points of one CUDA runtime and one cuBLAS.
type API struct {
	fn C.nb_api
}

// Probe counts the devices with the runtime library alone. It fails with
// cudaErrorInsufficientDriver (35) when the runtime is newer than the
// driver, so that the caller can try an older runtime.
func Probe(cudart *dl.Library) (int, error) {
	var n C.int
	if err := check(C.nb_probe(C.uintptr_t(cudart.Handle()), &n)); err != nil {
		return 0, err
	}
	return int(n), nil
}

// Bind resolves the entry points that package gpu uses.
func Bind(cudart, cublas *dl.Library) (*API, error) {
	a := new(API)
	if missing := C.nb_bind(&a.fn, C.uintptr_t(cudart.Handle()), C.uintptr_t(cublas.Handle())); missing != nil {
		lib := cudart.Path
		if strings.HasPrefix(C.GoString(missing), "cublas") {
			lib = cublas.Path
		}
		return nil, fmt.Errorf("%s lacks %s", lib, C.GoString(missing))
	}
	return a, nil
}

// DeviceCount returns the number of CUDA devices.
func (a *API) DeviceCount() (int, error) {
	var n C.int
	if err := check(C.nb_device_count(&a.fn, &n)); err != nil {
		return 0, err
	}
	return int(n), nil
}

// Device is one CUDA device with a non-blocking stream and a cuBLAS handle
// bound to it. A Device is not safe for concurrent use.
type Device struct {
	api     *API
	ordinal C.int
	handle  C.uintptr_t
	stream  C.uintptr_t
}

// NewDevice selects device ordinal and creates its stream and cuBLAS handle.
func (a *API) NewDevice(ordinal int) (*Device, error) {
	d := &Device{api: a, ordinal: C.int(ordinal)}
	if err := check(C.nb_init(&a.fn, d.ordinal, &d.handle, &d.stream)); err != nil {
		return nil, err
	}
	return d, nil
}

// Close destroys the cuBLAS handle and the stream.
func (d *Device) Close() error {
	return check(C.nb_destroy(&d.api.fn, d.ordinal, d.handle, d.stream))
}

// Info describes a device and the libraries that drive it.
type Info struct {
	Name        string
	Free, Total uint64 // device memory in bytes
	Driver      int    // the CUDA version the driver supports, 1000·major + 10·minor
	Runtime     int    // the runtime's version, encoded as Driver
	CUBLAS      int    // cuBLAS's version, 10000·major + 100·minor + patch
}

// Info reads the device's name, memory and versions.
func (d *Device) Info() (Info, error) {
	var (
		name                     [256]C.char
		free, total              C.size_t
		driver, runtime, cublasV C.int
	)
	s := C.nb_info(&d.api.fn, d.ordinal, d.handle, &name[0], C.size_t(len(name)),
		&free, &total, &driver, &runtime, &cublasV)
	if err := check(s); err != nil {
		return Info{}, err
	}
	return Info{
		Name:    C.GoString(&name[0]),
		Free:    uint64(free),
		Total:   uint64(total),
		Driver:  int(driver),
		Runtime: int(runtime),
		CUBLAS:  int(cublasV),
	}, nil
}

// Buffer is device memory for Len float64 values. The zero Buffer holds
// nothing.
type Buffer struct {
	ptr C.uintptr_t
	Len int
}

// Alloc allocates a buffer of n float64 values, n > 0.
func (d *Device) Alloc(n int) (Buffer, error) {
	var p C.uintptr_t
	if err := check(C.nb_malloc(&d.api.fn, d.ordinal, C.size_t(n)*8, &p)); err != nil {
		return Buffer{}, err
	}
	return Buffer{ptr: p, Len: n}, nil
}

// Free releases b; freeing the zero Buffer does nothing.
func (d *Device) Free(b Buffer) error {
	if b.ptr == 0 {
		return nil
	}
	return check(C.nb_free(&d.api.fn, d.ordinal, b.ptr))
}

// Upload copies the row-major rows×cols host matrix with leading dimension
// ld into dst, packed, and waits for the copy.
func (d *Device) Upload(dst Buffer, host []float64, rows, cols, ld int) error {
	need(dst, rows*cols)
	return check(C.nb_upload(&d.api.fn, d.ordinal, d.stream,
		(*C.double)(unsafe.Pointer(&host[0])), C.int(rows), C.int(cols), C.int(ld), dst.ptr))
}

// Gemm enqueues C = alpha·op(A)·op(B) + beta·C on packed device matrices:
// op(A) is m×k, op(B) is k×n and C is m×n. It does not wait; see Sync.
func (d *Device) Gemm(transA, transB bool, m, n, k int, alpha float64, a Buffer, b Buffer, beta float64, c Buffer) error {
	need(a, m*k)
	need(b, k*n)
	need(c, m*n)
	lda, ldb := k, n
	if transA {
		lda = m
	}
	if transB {
		ldb = k
	}
	return check(C.nb_gemm(&d.api.fn, d.ordinal, d.handle, cbool(transA), cbool(transB),
		C.int(m), C.int(n), C.int(k), C.double(alpha),
		a.ptr, C.int(lda), b.ptr, C.int(ldb), C.double(beta), c.ptr, C.int(n)))
}

// Sync waits until the work enqueued on the device's stream is done.
func (d *Device) Sync() error {
	return check(C.nb_sync(&d.api.fn, d.ordinal, d.stream))
}

// Dgemm computes the host product C = alpha·op(A)·op(B) + beta·C with the
// arguments of gonum's Dgemm (m, n, k ≥ 1), staging A, B and C through the
// device buffers da, db and dc, and returns once C holds the result.
func (d *Device) Dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int, da, db, dc Buffer) error {
	need(da, m*k)
	need(db, k*n)
	need(dc, m*n)
	return check(C.nb_dgemm(&d.api.fn, d.ordinal, d.handle, d.stream,
		cbool(transA), cbool(transB), C.int(m), C.int(n), C.int(k), C.double(alpha),
		(*C.double)(unsafe.Pointer(&a[0])), C.int(lda),
		(*C.double)(unsafe.Pointer(&b[0])), C.int(ldb),
		C.double(beta), (*C.double)(unsafe.Pointer(&c[0])), C.int(ldc),
		da.ptr, db.ptr, dc.ptr))
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// need panics when b holds fewer than n values: a short buffer would let
// the device write outside it.
func need(b Buffer, n int) {
	if b.Len < n {
		panic(fmt.Sprintf("cuda: device buffer holds %d values, need %d", b.Len, n))
	}
}
