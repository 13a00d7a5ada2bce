package gpu

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nnbook/nnbook/internal/dl"
)

// ErrNoDevice reports that no CUDA device can be used: the CUDA runtime or
// cuBLAS library is missing, the driver is missing or too old, or the driver
// sees no device. Errors from [New] that mean this match it with errors.Is.
var ErrNoDevice = errors.New("gpu: no CUDA device")

// ErrOutOfMemory reports that the device had too little free memory for a
// product. A [*Error] for cudaMalloc or a cuBLAS allocation matches it with
// errors.Is.
var ErrOutOfMemory = errors.New("gpu: out of device memory")

// Error is a CUDA runtime or cuBLAS call that failed.
type Error struct {
	Op   string // the call, such as "cudaMalloc" or "cublasDgemm_v2"
	Code int    // its status: a cudaError_t for cuda… calls, a cublasStatus_t for cublas… calls
}

// Error returns the call, the status's name and number, and what it means
// where that is useful, such as
// "gpu: cudaMalloc: cudaErrorMemoryAllocation (2): out of device memory".
func (e *Error) Error() string {
	s := fmt.Sprintf("gpu: %s: %s", e.Op, e.Name())
	if _, ok := e.name(); ok {
		s += fmt.Sprintf(" (%d)", e.Code)
	}
	switch {
	case e.Is(ErrOutOfMemory):
		s += ": out of device memory"
	case e.Is(ErrNoDevice):
		s += ": no usable CUDA device or driver"
	}
	return s
}

// Name returns the symbolic name of the status, such as
// "cudaErrorMemoryAllocation" or "CUBLAS_STATUS_EXECUTION_FAILED".
// Statuses without a name here read "cudaError(N)" or "cublasStatus(N)".
func (e *Error) Name() string {
	if name, ok := e.name(); ok {
		return name
	}
	if e.cuBLAS() {
		return fmt.Sprintf("cublasStatus(%d)", e.Code)
	}
	return fmt.Sprintf("cudaError(%d)", e.Code)
}

func (e *Error) name() (string, bool) {
	names := cudaErrorNames
	if e.cuBLAS() {
		names = cublasStatusNames
	}
	name, ok := names[e.Code]
	return name, ok
}

// Is reports whether e is an instance of target: ErrOutOfMemory for
// allocation failures, ErrNoDevice for a missing device or driver.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrOutOfMemory:
		if e.cuBLAS() {
			return e.Code == cublasStatusAllocFailed
		}
		return e.Code == cudaErrorMemoryAllocation
	case ErrNoDevice:
		if e.cuBLAS() {
			return false
		}
		switch e.Code {
		case cudaErrorNoDevice, cudaErrorInsufficientDriver, cudaErrorStubLibrary:
			return true
		}
	}
	return false
}

func (e *Error) cuBLAS() bool { return strings.HasPrefix(e.Op, "cublas") }

// LibraryError reports that the CUDA runtime or cuBLAS library could not be
// loaded. It matches [ErrNoDevice] with errors.Is.
type LibraryError struct {
	Library    string   // "libcudart" or "libcublas"
	Searched   []string // the folders searched, in order
	LoaderPath bool     // whether the dynamic loader's own path was searched last
	Names      []string // the file names tried in each place, newest version first
	Failed     []string // files that were found but did not load or were refused, each with the reason
}

// Error says which library is missing, where it was looked for and how to
// point the search at it.
func (e *LibraryError) Error() string {
	nf := dl.NotFoundError(*e)
	return fmt.Sprintf("gpu: no CUDA device: %v; set %s to the folder that holds %s", &nf, EnvLibDir, e.Names[0])
}

// Is reports whether target is ErrNoDevice.
func (e *LibraryError) Is(target error) bool { return target == ErrNoDevice }

// Status codes with a meaning of their own here, from the CUDA runtime's
// driver_types.h and cuBLAS's cublas_api.h.
const (
	cudaErrorMemoryAllocation   = 2
	cudaErrorStubLibrary        = 34
	cudaErrorInsufficientDriver = 35
	cudaErrorNoDevice           = 100
	cublasStatusAllocFailed     = 3
)

// cudaErrorNames names the cudaError_t values a matrix product can meet.
var cudaErrorNames = map[int]string{
	0:   "cudaSuccess",
	1:   "cudaErrorInvalidValue",
	2:   "cudaErrorMemoryAllocation",
	3:   "cudaErrorInitializationError",
	4:   "cudaErrorCudartUnloading",
	34:  "cudaErrorStubLibrary",
	35:  "cudaErrorInsufficientDriver",
	36:  "cudaErrorCallRequiresNewerDriver",
	46:  "cudaErrorDevicesUnavailable",
	100: "cudaErrorNoDevice",
	101: "cudaErrorInvalidDevice",
	209: "cudaErrorNoKernelImageForDevice",
	400: "cudaErrorInvalidResourceHandle",
	700: "cudaErrorIllegalAddress",
	701: "cudaErrorLaunchOutOfResources",
	702: "cudaErrorLaunchTimeout",
	719: "cudaErrorLaunchFailure",
	801: "cudaErrorNotSupported",
	803: "cudaErrorSystemDriverMismatch",
	804: "cudaErrorCompatNotSupportedOnDevice",
	999: "cudaErrorUnknown",
}

// cublasStatusNames names the cublasStatus_t values.
var cublasStatusNames = map[int]string{
	0:  "CUBLAS_STATUS_SUCCESS",
	1:  "CUBLAS_STATUS_NOT_INITIALIZED",
	3:  "CUBLAS_STATUS_ALLOC_FAILED",
	7:  "CUBLAS_STATUS_INVALID_VALUE",
	8:  "CUBLAS_STATUS_ARCH_MISMATCH",
	11: "CUBLAS_STATUS_MAPPING_ERROR",
	13: "CUBLAS_STATUS_EXECUTION_FAILED",
	14: "CUBLAS_STATUS_INTERNAL_ERROR",
	15: "CUBLAS_STATUS_NOT_SUPPORTED",
	16: "CUBLAS_STATUS_LICENSE_ERROR",
}

// libraryError converts the loader's *dl.NotFoundError into a
// *LibraryError and passes other errors through.
func libraryError(err error) error {
	var nf *dl.NotFoundError
	if errors.As(err, &nf) {
		le := LibraryError(*nf)
		return &le
	}
	return err
}
