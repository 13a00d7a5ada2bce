// nbcuda.h declares the few CUDA runtime and cuBLAS entry points that package
// cuda calls, as function-pointer types, so that no CUDA header is needed to
// build. The libraries themselves are opened at run time with dlopen.

#ifndef NBCUDA_H
#define NBCUDA_H

#include <stddef.h>
#include <stdint.h>

// nb_api holds the entry points resolved with dlsym. The types mirror the
// public CUDA runtime and cuBLAS v2 prototypes: cudaError_t, cublasStatus_t
// and cublasOperation_t are C enums (int); streams and handles are pointers.
typedef struct {
	int (*cudaGetDeviceCount)(int *count);
	int (*cudaSetDevice)(int device);
	int (*cudaGetDeviceProperties)(void *prop, int device);
	int (*cudaMemGetInfo)(size_t *free, size_t *total);
	int (*cudaDriverGetVersion)(int *version);
	int (*cudaRuntimeGetVersion)(int *version);
	int (*cudaMalloc)(void **ptr, size_t size);
	int (*cudaFree)(void *ptr);
	int (*cudaStreamCreateWithFlags)(void **stream, unsigned int flags);
	int (*cudaStreamSynchronize)(void *stream);
	int (*cudaStreamDestroy)(void *stream);
	int (*cudaMemcpyAsync)(void *dst, const void *src, size_t count, int kind, void *stream);
	int (*cudaMemcpy2DAsync)(void *dst, size_t dpitch, const void *src, size_t spitch,
		size_t width, size_t height, int kind, void *stream);

	int (*cublasCreate)(void **handle);
	int (*cublasDestroy)(void *handle);
	int (*cublasSetStream)(void *handle, void *stream);
	int (*cublasGetVersion)(void *handle, int *version);
	int (*cublasDgemm)(void *handle, int transa, int transb, int m, int n, int k,
		const double *alpha, const double *a, int lda, const double *b, int ldb,
		const double *beta, double *c, int ldc);
} nb_api;

// nb_status reports a failed call: op is a static string naming it, code is
// the cudaError_t or cublasStatus_t it returned. op is NULL on success.
typedef struct {
	const char *op;
	int code;
} nb_status;

// nb_probe counts the devices through the cudaGetDeviceCount of the runtime
// library cudart alone, before cuBLAS is loaded: a runtime newer than the
// driver fails here (cudaErrorInsufficientDriver). A runtime without the
// entry point fails with code -1.
nb_status nb_probe(uintptr_t cudart, int *count);

// nb_bind resolves every entry point of api from the two library handles.
// It returns NULL on success, or the name of the first missing symbol.
const char *nb_bind(nb_api *api, uintptr_t cudart, uintptr_t cublas);

// nb_device_count counts the CUDA devices.
nb_status nb_device_count(const nb_api *api, int *count);

// nb_init selects the device, creates a non-blocking stream and a cuBLAS
// handle bound to it.
nb_status nb_init(const nb_api *api, int device, uintptr_t *handle, uintptr_t *stream);

// nb_destroy releases what nb_init created.
nb_status nb_destroy(const nb_api *api, int device, uintptr_t handle, uintptr_t stream);

// nb_info reads the device name (into name, namelen bytes), its memory and
// the driver, runtime and cuBLAS versions.
nb_status nb_info(const nb_api *api, int device, uintptr_t handle, char *name, size_t namelen,
	size_t *freeMem, size_t *totalMem, int *driver, int *runtime, int *cublas);

nb_status nb_malloc(const nb_api *api, int device, size_t size, uintptr_t *ptr);
nb_status nb_free(const nb_api *api, int device, uintptr_t ptr);

// nb_upload copies a row-major host matrix (rows×cols, leading dimension ld)
// into a packed device buffer, enqueued on stream.
nb_status nb_upload(const nb_api *api, int device, uintptr_t stream,
	const double *host, int rows, int cols, int ld, uintptr_t dev);

// nb_gemm enqueues the row-major product C = alpha·op(A)·op(B) + beta·C on
// packed device buffers (see cuda.go for the layout).
nb_status nb_gemm(const nb_api *api, int device, uintptr_t handle,
	int transA, int transB, int m, int n, int k, double alpha,
	uintptr_t a, int lda, uintptr_t b, int ldb, double beta, uintptr_t c, int ldc);

nb_status nb_sync(const nb_api *api, int device, uintptr_t stream);

// nb_dgemm runs one whole host-to-host product: upload A and B (and C when
// beta is not zero), multiply, download C and wait for the stream. Every
// host pointer is released before it returns, also on failure.
nb_status nb_dgemm(const nb_api *api, int device, uintptr_t handle, uintptr_t stream,
	int transA, int transB, int m, int n, int k, double alpha,
	const double *a, int lda, const double *b, int ldb,
	double beta, double *c, int ldc,
	uintptr_t da, uintptr_t db, uintptr_t dc);

#endif
