// nbcuda.c calls the CUDA runtime and cuBLAS through the entry points that
// nb_bind resolved at run time. See nbcuda.h.

#include <dlfcn.h>
#include <string.h>

#include "nbcuda.h"

// Values of the CUDA enums used here, from the public headers.
enum {
	nbCudaSuccess = 0,
	nbCublasOpN = 0,
	nbCublasOpT = 1,
	nbStreamNonBlocking = 1,
	nbMemcpyHostToDevice = 1,
	nbMemcpyDeviceToHost = 2,
};

static nb_status nb_ok(void) {
	nb_status s = {NULL, 0};
	return s;
}

static nb_status nb_fail(const char *op, int code) {
	nb_status s = {op, code};
	return s;
}

// NB_CHECK returns from the enclosing function when call does not succeed.
#define NB_CHECK(op, call)                      \
	do {                                        \
		int code_ = (call);                     \
		if (code_ != nbCudaSuccess) {           \
			return nb_fail(op, code_);          \
		}                                       \
	} while (0)

nb_status nb_probe(uintptr_t cudart, int *count) {
	int (*getDeviceCount)(int *) = NULL;
	void *p = dlsym((void *)cudart, "cudaGetDeviceCount");
	if (p == NULL) {
		return nb_fail("cudaGetDeviceCount", -1);
	}
	memcpy(&getDeviceCount, &p, sizeof p);
	NB_CHECK("cudaGetDeviceCount", getDeviceCount(count));
	return nb_ok();
}

// nb_symbol names one entry point: the library it lives in (0 cudart,
// 1 cuBLAS), its names (the preferred one first, an older alias second or
// NULL) and where nb_api keeps it.
typedef struct {
	int lib;
	const char *name;
	const char *alias;
	size_t offset;
} nb_symbol;

#define NB_SYM(lib, field, name, alias) {lib, name, alias, offsetof(nb_api, field)}

static const nb_symbol nb_symbols[] = {
	NB_SYM(0, cudaGetDeviceCount, "cudaGetDeviceCount", NULL),
	NB_SYM(0, cudaSetDevice, "cudaSetDevice", NULL),
	// CUDA 12 renamed the entry point behind the header's macro; the name
	// field sits at offset 0 in every version of cudaDeviceProp.
	NB_SYM(0, cudaGetDeviceProperties, "cudaGetDeviceProperties_v2", "cudaGetDeviceProperties"),
	NB_SYM(0, cudaMemGetInfo, "cudaMemGetInfo", NULL),
	NB_SYM(0, cudaDriverGetVersion, "cudaDriverGetVersion", NULL),
	NB_SYM(0, cudaRuntimeGetVersion, "cudaRuntimeGetVersion", NULL),
	NB_SYM(0, cudaMalloc, "cudaMalloc", NULL),
	NB_SYM(0, cudaFree, "cudaFree", NULL),
	NB_SYM(0, cudaStreamCreateWithFlags, "cudaStreamCreateWithFlags", NULL),
	NB_SYM(0, cudaStreamSynchronize, "cudaStreamSynchronize", NULL),
	NB_SYM(0, cudaStreamDestroy, "cudaStreamDestroy", NULL),
	NB_SYM(0, cudaMemcpyAsync, "cudaMemcpyAsync", NULL),
	NB_SYM(0, cudaMemcpy2DAsync, "cudaMemcpy2DAsync", NULL),
	NB_SYM(1, cublasCreate, "cublasCreate_v2", NULL),
	NB_SYM(1, cublasDestroy, "cublasDestroy_v2", NULL),
	NB_SYM(1, cublasSetStream, "cublasSetStream_v2", NULL),
	NB_SYM(1, cublasGetVersion, "cublasGetVersion_v2", NULL),
	NB_SYM(1, cublasDgemm, "cublasDgemm_v2", NULL),
};

const char *nb_bind(nb_api *api, uintptr_t cudart, uintptr_t cublas) {
	memset(api, 0, sizeof *api);
	for (size_t i = 0; i < sizeof nb_symbols / sizeof nb_symbols[0]; i++) {
		const nb_symbol *s = &nb_symbols[i];
		void *h = (void *)(s->lib == 0 ? cudart : cublas);
		void *p = dlsym(h, s->name);
		if (p == NULL && s->alias != NULL) {
			p = dlsym(h, s->alias);
		}
		if (p == NULL) {
			return s->name;
		}
		memcpy((char *)api + s->offset, &p, sizeof p);
	}
	return NULL;
}

nb_status nb_device_count(const nb_api *api, int *count) {
	NB_CHECK("cudaGetDeviceCount", api->cudaGetDeviceCount(count));
	return nb_ok();
}

nb_status nb_init(const nb_api *api, int device, uintptr_t *handle, uintptr_t *stream) {
	void *s = NULL, *h = NULL;
	NB_CHECK("cudaSetDevice", api->cudaSetDevice(device));
	NB_CHECK("cudaStreamCreateWithFlags", api->cudaStreamCreateWithFlags(&s, nbStreamNonBlocking));
	int code = api->cublasCreate(&h);
	if (code != nbCudaSuccess) {
		api->cudaStreamDestroy(s);
		return nb_fail("cublasCreate_v2", code);
	}
	code = api->cublasSetStream(h, s);
	if (code != nbCudaSuccess) {
		api->cublasDestroy(h);
		api->cudaStreamDestroy(s);
		return nb_fail("cublasSetStream_v2", code);
	}
	*handle = (uintptr_t)h;
	*stream = (uintptr_t)s;
	return nb_ok();
}

nb_status nb_destroy(const nb_api *api, int device, uintptr_t handle, uintptr_t stream) {
	NB_CHECK("cudaSetDevice", api->cudaSetDevice(device));
	NB_CHECK("cublasDestroy_v2", api->cublasDestroy((void *)handle));
	NB_CHECK("cudaStreamDestroy", api->cudaStreamDestroy((void *)stream));
	return nb_ok();
}

nb_status nb_info(const nb_api *api, int device, uintptr_t handle, char *name, size_t namelen,
	size_t *freeMem, size_t *totalMem, int *driver, int *runtime, int *cublas) {
	// cudaDeviceProp is about 1 KiB in CUDA 12; the buffer leaves room for
	// later versions.
	static const size_t propSize = 16384;
	char prop[16384];
	memset(prop, 0, propSize);
	NB_CHECK("cudaSetDevice", api->cudaSetDevice(device));
	NB_CHECK("cudaGetDeviceProperties", api->cudaGetDeviceProperties(prop, device));
	strncpy(name, prop, namelen - 1);
	name[namelen - 1] = '\0';
	NB_CHECK("cudaMemGetInfo", api->cudaMemGetInfo(freeMem, totalMem));
	NB_CHECK("cudaDriverGetVersion", api->cudaDriverGetVersion(driver));
	NB_CHECK("cudaRuntimeGetVersion", api->cudaRuntimeGetVersion(runtime));
	NB_CHECK("cublasGetVersion_v2", api->cublasGetVersion((void *)handle, cublas));
	return nb_ok();
}

nb_status nb_malloc(const nb_api *api, int device, size_t size, uintptr_t *ptr) {
	void *p = NULL;
	NB_CHECK("cudaSetDevice", api->cudaSetDevice(device));
	NB_CHECK("cudaMalloc", api->cudaMalloc(&p, size));
	*ptr = (uintptr_t)p;
	return nb_ok();
}

nb_status nb_free(const nb_api *api, int device, uintptr_t ptr) {
	NB_CHECK("cudaSetDevice", api->cudaSetDevice(device));
	NB_CHECK("cudaFree", api->cudaFree((void *)ptr));
	return nb_ok();
}

// nb_copy_on enqueues the copy of a row-major rows×cols matrix between a
// host matrix with leading dimension ld and a packed device one (rows of
// cols values, each ld values apart on the host and cols apart on the
// device); kind gives the direction. A contiguous matrix (ld = cols) goes
// as one flat copy: cudaMemcpy2D's pitches are limited to the device's
// cudaDevAttrMaxPitch (2 GiB − 1 on current devices), which a whole
// matrix seen as one row would exceed from 16384×16384 on. Padded rows go
// as a 2D copy whose pitch is one row (the caller keeps ld·8 below the
// limit).
static nb_status nb_copy_on(const nb_api *api, void *stream, int kind,
	void *host, int rows, int cols, int ld, void *dev) {
	size_t width = (size_t)cols * sizeof(double), pitch = (size_t)ld * sizeof(double);
	int toDevice = kind == nbMemcpyHostToDevice;
	if (ld == cols || rows == 1) {
		NB_CHECK("cudaMemcpyAsync", api->cudaMemcpyAsync(toDevice ? dev : host, toDevice ? host : dev,
			width * (size_t)rows, kind, stream));
		return nb_ok();
	}
	if (toDevice) {
		NB_CHECK("cudaMemcpy2DAsync", api->cudaMemcpy2DAsync(dev, width, host, pitch,
			width, (size_t)rows, kind, stream));
	} else {
		NB_CHECK("cudaMemcpy2DAsync", api->cudaMemcpy2DAsync(host, pitch, dev, width,
			width, (size_t)rows, kind, stream));
	}
	return nb_ok();
}

// nb_upload_on enqueues the copy of a row-major host matrix into a packed
// device one.
static nb_status nb_upload_on(const nb_api *api, void *stream,
	const double *host, int rows, int cols, int ld, void *dev) {
	return nb_copy_on(api, stream, nbMemcpyHostToDevice, (void *)host, rows, cols, ld, dev);
}

// nb_download_on enqueues the reverse copy, into the host matrix's rows;
// the host's padding between them is left alone.
static nb_status nb_download_on(const nb_api *api, void *stream,
	const void *dev, int rows, int cols, double *host, int ld) {
	return nb_copy_on(api, stream, nbMemcpyDeviceToHost, host, rows, cols, ld, (void *)dev);
}

nb_status nb_upload(const nb_api *api, int device, uintptr_t stream,
	const double *host, int rows, int cols, int ld, uintptr_t dev) {
	NB_CHECK("cudaSetDevice", api->cudaSetDevice(device));
	nb_status s = nb_upload_on(api, (void *)stream, host, rows, cols, ld, (void *)dev);
	// The copy may read host memory until the stream reaches it.
	int code = api->cudaStreamSynchronize((void *)stream);
	if (s.op != NULL) {
		return s;
	}
	NB_CHECK("cudaStreamSynchronize", code);
	return nb_ok();
}

// nb_gemm_on computes the row-major C = alpha·op(A)·op(B) + beta·C. Read
// column-major, the row-major matrices are their transposes, and
// Cᵀ = alpha·op(B)ᵀ·op(A)ᵀ + beta·Cᵀ: swap the operands and m with n, keep
// the transpose flags and leading dimensions.
static nb_status nb_gemm_on(const nb_api *api, void *handle,
	int transA, int transB, int m, int n, int k, double alpha,
	const void *a, int lda, const void *b, int ldb, double beta, void *c, int ldc) {
	NB_CHECK("cublasDgemm_v2",
		api->cublasDgemm(handle, transB ? nbCublasOpT : nbCublasOpN, transA ? nbCublasOpT : nbCublasOpN,
			n, m, k, &alpha, b, ldb, a, lda, &beta, c, ldc));
	return nb_ok();
}

nb_status nb_gemm(const nb_api *api, int device, uintptr_t handle,
	int transA, int transB, int m, int n, int k, double alpha,
	uintptr_t a, int lda, uintptr_t b, int ldb, double beta, uintptr_t c, int ldc) {
	NB_CHECK("cudaSetDevice", api->cudaSetDevice(device));
	return nb_gemm_on(api, (void *)handle, transA, transB, m, n, k, alpha,
		(const void *)a, lda, (const void *)b, ldb, beta, (void *)c, ldc);
}

nb_status nb_sync(const nb_api *api, int device, uintptr_t stream) {
	NB_CHECK("cudaSetDevice", api->cudaSetDevice(device));
	NB_CHECK("cudaStreamSynchronize", api->cudaStreamSynchronize((void *)stream));
	return nb_ok();
}

// nb_enqueue_dgemm enqueues the uploads, the product and the download of
// nb_dgemm; the caller waits for the stream.
static nb_status nb_enqueue_dgemm(const nb_api *api, void *handle, void *stream,
	int transA, int transB, int m, int n, int k, double alpha,
	const double *a, int lda, const double *b, int ldb,
	double beta, double *c, int ldc, void *da, void *db, void *dc) {
	// Stored shapes: A is m×k (k×m when transposed), B is k×n (n×k).
	int aRows = transA ? k : m, aCols = transA ? m : k;
	int bRows = transB ? n : k, bCols = transB ? k : n;
	nb_status s = nb_upload_on(api, stream, a, aRows, aCols, lda, da);
	if (s.op != NULL) {
		return s;
	}
	s = nb_upload_on(api, stream, b, bRows, bCols, ldb, db);
	if (s.op != NULL) {
		return s;
	}
	// With beta = 0, cuBLAS does not read C, as gonum does not.
	if (beta != 0) {
		s = nb_upload_on(api, stream, c, m, n, ldc, dc);
		if (s.op != NULL) {
			return s;
		}
	}
	s = nb_gemm_on(api, handle, transA, transB, m, n, k, alpha, da, aCols, db, bCols, beta, dc, n);
	if (s.op != NULL) {
		return s;
	}
	return nb_download_on(api, stream, dc, m, n, c, ldc);
}

nb_status nb_dgemm(const nb_api *api, int device, uintptr_t handle, uintptr_t stream,
	int transA, int transB, int m, int n, int k, double alpha,
	const double *a, int lda, const double *b, int ldb,
	double beta, double *c, int ldc,
	uintptr_t da, uintptr_t db, uintptr_t dc) {
	NB_CHECK("cudaSetDevice", api->cudaSetDevice(device));
	nb_status s = nb_enqueue_dgemm(api, (void *)handle, (void *)stream, transA, transB, m, n, k,
		alpha, a, lda, b, ldb, beta, c, ldc, (void *)da, (void *)db, (void *)dc);
	// Wait also after a failure: copies already enqueued may still read or
	// write the caller's memory.
	int code = api->cudaStreamSynchronize((void *)stream);
	if (s.op != NULL) {
		return s;
	}
	NB_CHECK("cudaStreamSynchronize", code);
	return nb_ok();
}
