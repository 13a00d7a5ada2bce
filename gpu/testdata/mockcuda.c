// mockcuda.c is a stand-in for libcudart and libcublas that runs on the
// CPU, so that the tests can drive package gpu's loader, its C calls and
// its row-major to column-major mapping on machines without a GPU. It
// implements the reference semantics of the few entry points package gpu
// uses, from the CUDA runtime and cuBLAS documentation, including cuBLAS's
// argument checks, which catch wrong leading dimensions.
//
// Build: cc -shared -fPIC -o libcudart.so.13 mockcuda.c
//
// Environment, read on every call:
//
//	NNBOOK_MOCKCUDA_DEVICES  number of devices (default 1)
//	NNBOOK_MOCKCUDA_MEMORY   bytes a single cudaMalloc may take (default unlimited)
//	NNBOOK_MOCKCUDA_FAIL     "name=code": entry point name returns code
//	NNBOOK_MOCKCUDA_MAX_PITCH  cudaDevAttrMaxPitch in bytes (default 2^31 − 1)
//
// Built with -DMOCK_DRIVER_TOO_OLD, every cudaGetDeviceCount returns
// cudaErrorInsufficientDriver, as a runtime newer than the driver does.

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int injected(const char *name) {
	const char *f = getenv("NNBOOK_MOCKCUDA_FAIL");
	size_t n = strlen(name);
	if (f == NULL || strncmp(f, name, n) != 0 || f[n] != '=') {
		return 0;
	}
	return atoi(f + n + 1);
}

#define INJECT(name)                  \
	do {                              \
		int code_ = injected(name);   \
		if (code_ != 0) {             \
			return code_;             \
		}                             \
	} while (0)

enum {
	cudaErrorInvalidValue = 1,
	cudaErrorMemoryAllocation = 2,
	cudaErrorInvalidPitchValue = 12,
	cublasInvalidValue = 7,
};

static int stream_token, handle_token;

int cudaGetDeviceCount(int *count) {
#ifdef MOCK_DRIVER_TOO_OLD
	return 35;
#endif
	INJECT("cudaGetDeviceCount");
	const char *d = getenv("NNBOOK_MOCKCUDA_DEVICES");
	*count = d == NULL ? 1 : atoi(d);
	return 0;
}

int cudaSetDevice(int device) {
	INJECT("cudaSetDevice");
	return device == 0 ? 0 : 101;
}

int cudaGetDeviceProperties_v2(void *prop, int device) {
	INJECT("cudaGetDeviceProperties");
	strcpy((char *)prop, "Mock CUDA device");
	return 0;
}

int cudaMemGetInfo(size_t *free, size_t *total) {
	*free = (size_t)3 << 30;
	*total = (size_t)4 << 30;
	return 0;
}

int cudaDriverGetVersion(int *v) {
	*v = 13020;
	return 0;
}

int cudaRuntimeGetVersion(int *v) {
	*v = 13010;
	return 0;
}

int cudaMalloc(void **p, size_t size) {
	INJECT("cudaMalloc");
	const char *limit = getenv("NNBOOK_MOCKCUDA_MEMORY");
	if (limit != NULL && size > (size_t)strtoull(limit, NULL, 10)) {
		return cudaErrorMemoryAllocation;
	}
	*p = malloc(size);
	return *p == NULL ? cudaErrorMemoryAllocation : 0;
}

int cudaFree(void *p) {
	free(p);
	return 0;
}

int cudaStreamCreateWithFlags(void **s, unsigned int flags) {
	*s = &stream_token;
	return 0;
}

int cudaStreamSynchronize(void *s) {
	INJECT("cudaStreamSynchronize");
	return s == &stream_token ? 0 : 400;
}

int cudaStreamDestroy(void *s) { return s == &stream_token ? 0 : 400; }

int cublasCreate_v2(void **h) {
	INJECT("cublasCreate_v2");
	*h = &handle_token;
	return 0;
}

int cublasDestroy_v2(void *h) { return h == &handle_token ? 0 : 1; }

int cublasSetStream_v2(void *h, void *s) { return h == &handle_token && s == &stream_token ? 0 : 1; }

int cublasGetVersion_v2(void *h, int *v) {
	*v = 130102;
	return 0;
}

// cudaMemcpyAsync copies count bytes. NNBOOK_MOCKCUDA_FAIL names the
// direction: cudaMemcpyAsync/1 (host to device) or cudaMemcpyAsync/2.
int cudaMemcpyAsync(void *dst, const void *src, size_t count, int kind, void *s) {
	INJECT(kind == 1 ? "cudaMemcpyAsync/1" : "cudaMemcpyAsync/2");
	if (kind < 1 || kind > 2 || s != &stream_token) {
		return cudaErrorInvalidValue;
	}
	memcpy(dst, src, count);
	return 0;
}

// maxPitch is cudaDevAttrMaxPitch.
static size_t maxPitch(void) {
	const char *p = getenv("NNBOOK_MOCKCUDA_MAX_PITCH");
	return p == NULL ? 2147483647 : (size_t)strtoull(p, NULL, 10);
}

// cudaMemcpy2DAsync copies height rows of width bytes, dpitch and spitch
// bytes apart. NNBOOK_MOCKCUDA_FAIL names the direction:
// cudaMemcpy2DAsync/1 (host to device) or cudaMemcpy2DAsync/2 (back).
int cudaMemcpy2DAsync(void *dst, size_t dpitch, const void *src, size_t spitch,
	size_t width, size_t height, int kind, void *s) {
	INJECT(kind == 1 ? "cudaMemcpy2DAsync/1" : "cudaMemcpy2DAsync/2");
	if (dpitch < width || spitch < width || kind < 1 || kind > 2 || s != &stream_token) {
		return cudaErrorInvalidValue;
	}
	if (dpitch > maxPitch() || spitch > maxPitch()) {
		return cudaErrorInvalidPitchValue;
	}
	for (size_t i = 0; i < height; i++) {
		memcpy((char *)dst + i * dpitch, (const char *)src + i * spitch, width);
	}
	return 0;
}

// cublasDgemm_v2 computes the column-major C = alpha·op(A)·op(B) + beta·C
// where op(A) is m×k and op(B) is k×n; with beta = 0, C is not read.
int cublasDgemm_v2(void *h, int transa, int transb, int m, int n, int k,
	const double *alpha, const double *a, int lda, const double *b, int ldb,
	const double *beta, double *c, int ldc) {
	INJECT("cublasDgemm_v2");
	if (h != &handle_token) {
		return 1;
	}
	if (transa < 0 || transa > 2 || transb < 0 || transb > 2 || m < 0 || n < 0 || k < 0) {
		return cublasInvalidValue;
	}
	int ra = transa == 0 ? m : k, rb = transb == 0 ? k : n;
	if (lda < (ra > 1 ? ra : 1) || ldb < (rb > 1 ? rb : 1) || ldc < (m > 1 ? m : 1)) {
		return cublasInvalidValue;
	}
	for (int j = 0; j < n; j++) {
		for (int i = 0; i < m; i++) {
			double s = 0;
			for (int l = 0; l < k; l++) {
				double x = transa == 0 ? a[i + (size_t)l * lda] : a[l + (size_t)i * lda];
				double y = transb == 0 ? b[l + (size_t)j * ldb] : b[j + (size_t)l * ldb];
				s += x * y;
			}
			double *cij = &c[i + (size_t)j * ldc];
			*cij = *beta == 0 ? *alpha * s : *alpha * s + *beta * *cij;
		}
	}
	return 0;
}
