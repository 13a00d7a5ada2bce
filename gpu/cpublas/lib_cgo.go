//go:build cgo

package cpublas

/*
#include <stdint.h>
#include <string.h>

// CBLAS's enum values, from cblas.h; the enums are ints in the C ABI.
enum {
	nbRowMajor = 101,
	nbNoTrans = 111,
	nbTrans = 112,
	nbUpper = 121,
	nbLower = 122,
};

// The CBLAS prototypes of the routines used (LP64: int sizes), and the
// libraries' own thread and version calls.
typedef void (*nb_dgemm_fn)(int, int, int, int, int, int, double, const double *, int,
	const double *, int, double, double *, int);
typedef void (*nb_dgemv_fn)(int, int, int, int, double, const double *, int,
	const double *, int, double, double *, int);
typedef void (*nb_dger_fn)(int, int, int, double, const double *, int,
	const double *, int, double *, int);
typedef void (*nb_dsyrk_fn)(int, int, int, int, int, double, const double *, int,
	double, double *, int);
typedef void (*nb_set_int_fn)(int);      // openblas_set_num_threads, MKL_Set_Num_Threads
typedef int (*nb_get_int_fn)(void);      // openblas_get_num_threads, MKL_Get_Max_Threads
typedef void (*nb_set_i64_fn)(int64_t);  // bli_thread_set_num_threads (dim_t)
typedef int64_t (*nb_get_i64_fn)(void);  // bli_thread_get_num_threads
typedef const char *(*nb_str_fn)(void);  // openblas_get_config, bli_info_get_version_str
typedef void (*nb_mkl_version_fn)(char *, int); // MKL_Get_Version_String

static void nb_dgemm(uintptr_t f, int tA, int tB, int m, int n, int k, double alpha,
	const double *a, int lda, const double *b, int ldb, double beta, double *c, int ldc) {
	((nb_dgemm_fn)f)(nbRowMajor, tA ? nbTrans : nbNoTrans, tB ? nbTrans : nbNoTrans,
		m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

static void nb_dgemv(uintptr_t f, int tA, int m, int n, double alpha, const double *a, int lda,
	const double *x, int incX, double beta, double *y, int incY) {
	((nb_dgemv_fn)f)(nbRowMajor, tA ? nbTrans : nbNoTrans, m, n, alpha, a, lda, x, incX, beta, y, incY);
}

static void nb_dger(uintptr_t f, int m, int n, double alpha, const double *x, int incX,
	const double *y, int incY, double *a, int lda) {
	((nb_dger_fn)f)(nbRowMajor, m, n, alpha, x, incX, y, incY, a, lda);
}

static void nb_dsyrk(uintptr_t f, int upper, int trans, int n, int k, double alpha,
	const double *a, int lda, double beta, double *c, int ldc) {
	((nb_dsyrk_fn)f)(nbRowMajor, upper ? nbUpper : nbLower, trans ? nbTrans : nbNoTrans,
		n, k, alpha, a, lda, beta, c, ldc);
}

static void nb_set_int(uintptr_t f, int n) { ((nb_set_int_fn)f)(n); }
static int nb_get_int(uintptr_t f) { return ((nb_get_int_fn)f)(); }
static void nb_set_i64(uintptr_t f, int64_t n) { ((nb_set_i64_fn)f)(n); }
static int64_t nb_get_i64(uintptr_t f) { return ((nb_get_i64_fn)f)(); }

static void nb_str(uintptr_t f, char *buf, int len) {
	const char *s = ((nb_str_fn)f)();
	buf[0] = '\0';
	if (s != NULL) {
		strncpy(buf, s, len - 1);
		buf[len - 1] = '\0';
	}
}

static void nb_mkl_version(uintptr_t f, char *buf, int len) {
	((nb_mkl_version_fn)f)(buf, len);
	buf[len - 1] = '\0';
}
*/
import "C"

import (
	"fmt"
	"strings"
	"unsafe"

	"github.com/nnbook/nnbook/internal/dl"
)

// cblas is a CBLAS library opened with dlopen: the addresses of its
// routines and of its vendor's thread and version calls.
type cblas struct {
	path                         string
	name                         string // "OpenBLAS", "MKL", "BLIS", "Accelerate" or "CBLAS"
	dgemmP, dgemvP, dgerP, syrkP C.uintptr_t
	// The vendor's calls, 0 where the library has none.
	setInt, getInt, setI64, getI64, config, mklVersion C.uintptr_t
}

var _ library = (*cblas)(nil)

// load finds and binds the library New uses.
func load(getenv func(string) string, goos string) (library, error) {
	var lib *cblas
	accept := func(l *dl.Library) error {
		var err error
		lib, err = bind(l)
		return err
	}
	if _, err := find(getenv, goos, SearchDirs(getenv), dl.Open, accept); err != nil {
		return nil, err
	}
	return lib, nil
}

// bind resolves the CBLAS routines of l, failing when one is missing, and
// the vendor calls it has.
func bind(l *dl.Library) (*cblas, error) {
	c := &cblas{path: l.Path}
	for _, r := range []struct {
		name string
		p    *C.uintptr_t
	}{
		{"cblas_dgemm", &c.dgemmP}, {"cblas_dgemv", &c.dgemvP}, {"cblas_dger", &c.dgerP}, {"cblas_dsyrk", &c.syrkP},
	} {
		p, err := l.Symbol(r.name)
		if err != nil {
			return nil, err
		}
		*r.p = C.uintptr_t(p)
	}
	optional := func(name string) C.uintptr_t {
		p, err := l.Symbol(name)
		if err != nil {
			return 0
		}
		return C.uintptr_t(p)
	}
	switch {
	case optional("openblas_get_config") != 0:
		c.name = "OpenBLAS"
		c.setInt, c.getInt, c.config = optional("openblas_set_num_threads"), optional("openblas_get_num_threads"), optional("openblas_get_config")
	case optional("MKL_Get_Version_String") != 0:
		c.name = "MKL"
		c.setInt, c.getInt, c.mklVersion = optional("MKL_Set_Num_Threads"), optional("MKL_Get_Max_Threads"), optional("MKL_Get_Version_String")
	case optional("bli_info_get_version_str") != 0:
		c.name = "BLIS"
		c.setI64, c.getI64, c.config = optional("bli_thread_set_num_threads"), optional("bli_thread_get_num_threads"), optional("bli_info_get_version_str")
	case strings.Contains(l.Path, "Accelerate"):
		c.name = "Accelerate"
	default:
		c.name = "CBLAS"
	}
	return c, nil
}

// ptr returns the address of s's first element; the callers pass slices
// that gonum's checks have shown to be non-empty.
func ptr(s []float64) *C.double { return (*C.double)(unsafe.Pointer(&s[0])) }

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

func (c *cblas) dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, cm []float64, ldc int) {
	C.nb_dgemm(c.dgemmP, cbool(transA), cbool(transB), C.int(m), C.int(n), C.int(k), C.double(alpha),
		ptr(a), C.int(lda), ptr(b), C.int(ldb), C.double(beta), ptr(cm), C.int(ldc))
}

func (c *cblas) dgemv(transA bool, m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	C.nb_dgemv(c.dgemvP, cbool(transA), C.int(m), C.int(n), C.double(alpha), ptr(a), C.int(lda),
		ptr(x), C.int(incX), C.double(beta), ptr(y), C.int(incY))
}

func (c *cblas) dger(m, n int, alpha float64, x []float64, incX int, y []float64, incY int, a []float64, lda int) {
	C.nb_dger(c.dgerP, C.int(m), C.int(n), C.double(alpha), ptr(x), C.int(incX), ptr(y), C.int(incY), ptr(a), C.int(lda))
}

func (c *cblas) dsyrk(upper, trans bool, n, k int, alpha float64, a []float64, lda int, beta float64, cm []float64, ldc int) {
	C.nb_dsyrk(c.syrkP, cbool(upper), cbool(trans), C.int(n), C.int(k), C.double(alpha), ptr(a), C.int(lda),
		C.double(beta), ptr(cm), C.int(ldc))
}

func (c *cblas) setThreads(n int) error {
	switch {
	case c.setInt != 0:
		C.nb_set_int(c.setInt, C.int(n))
	case c.setI64 != 0:
		C.nb_set_i64(c.setI64, C.int64_t(n))
	default:
		return fmt.Errorf("cpublas: %s (%s) offers no call to set its thread count", c.name, c.path)
	}
	return nil
}

func (c *cblas) threads() int {
	switch {
	case c.getInt != 0:
		return int(C.nb_get_int(c.getInt))
	case c.getI64 != 0:
		return int(C.nb_get_i64(c.getI64))
	}
	return 0
}

func (c *cblas) info() Info {
	var buf [256]C.char
	switch {
	case c.config != 0:
		C.nb_str(c.config, &buf[0], C.int(len(buf)))
	case c.mklVersion != 0:
		C.nb_mkl_version(c.mklVersion, &buf[0], C.int(len(buf)))
	}
	version := strings.TrimSpace(C.GoString(&buf[0]))
	if c.name == "BLIS" && version != "" {
		version = "BLIS " + version
	}
	return Info{Name: c.name, Version: version, Path: c.path, Threads: c.threads()}
}
