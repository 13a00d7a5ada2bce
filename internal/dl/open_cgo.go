//go:build cgo

package dl

/*
#cgo linux LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// dl_open wraps dlopen(path, RTLD_NOW|RTLD_LOCAL). On failure it returns 0
// and copies dlerror's text into err (errlen bytes, NUL-terminated).
static uintptr_t dl_open(const char *path, char *err, size_t errlen) {
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		const char *msg = dlerror();
		if (msg == NULL) {
			msg = "dlopen failed";
		}
		strncpy(err, msg, errlen - 1);
		err[errlen - 1] = '\0';
		return 0;
	}
	return (uintptr_t)h;
}

static uintptr_t dl_sym(uintptr_t h, const char *name) {
	return (uintptr_t)dlsym((void *)h, name);
}
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// cgoEnabled tells the tests which build they run in.
const cgoEnabled = true

// Open opens the shared library at path (a file name alone searches the
// dynamic loader's path) with RTLD_NOW|RTLD_LOCAL. The error carries
// dlerror's message.
func Open(path string) (*Library, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var msg [512]C.char
	h := C.dl_open(cpath, &msg[0], C.size_t(len(msg)))
	if h == 0 {
		return nil, errors.New(C.GoString(&msg[0]))
	}
	return &Library{h: uintptr(h), Path: path}, nil
}

// Symbol returns the address of the entry point name, or an error naming
// the library and the symbol when it has none.
func (l *Library) Symbol(name string) (uintptr, error) {
	if l.h == 0 {
		return 0, fmt.Errorf("%s: not opened", l.Path)
	}
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	p := C.dl_sym(C.uintptr_t(l.h), cname)
	if p == 0 {
		return 0, fmt.Errorf("%s lacks %s", l.Path, name)
	}
	return uintptr(p), nil
}
