package gpu

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/internal/dl/dltest"
)

func TestSearchDirs(t *testing.T) {
	tmp := t.TempDir()
	explicit1, explicit2 := filepath.Join(tmp, "one"), filepath.Join(tmp, "two")
	venv := filepath.Join(tmp, "venv")
	venvLib := filepath.Join(venv, "lib", "python3.12", "site-packages", "nvidia", "cu13", "lib")
	dltest.Touch(t, venvLib)
	tool := filepath.Join(tmp, "tool")
	toolLib := filepath.Join(tool, "lib", "python3.11", "dist-packages", "nvidia", "cublas", "lib")
	dltest.Touch(t, toolLib)
	conda := filepath.Join(tmp, "conda")
	env := map[string]string{
		EnvLibDir:      explicit1 + string(filepath.ListSeparator) + explicit2,
		"CUDA_HOME":    filepath.Join(tmp, "cudahome"),
		"VIRTUAL_ENV":  venv,
		"CONDA_PREFIX": conda,
		"PATH":         filepath.Join(tool, "bin") + string(filepath.ListSeparator) + filepath.Join(venv, "bin"),
	}
	dirs := searchDirs(func(k string) string { return env[k] })

	// Each pair must appear in this order; the system folders between
	// them depend on the machine.
	order := []string{
		explicit1,
		explicit2,
		filepath.Join(tmp, "cudahome", "lib64"),
		"/usr/local/cuda/lib64",
		"/usr/lib64",
		venvLib,
		toolLib,
		filepath.Join(conda, "lib"),
	}
	last := -1
	for _, d := range order {
		i := slices.Index(dirs, d)
		if i < 0 {
			t.Errorf("searchDirs lacks %s; got %q", d, dirs)
			continue
		}
		if i <= last {
			t.Errorf("searchDirs puts %s at %d, before the folder expected earlier (at %d); got %q", d, i, last, dirs)
		}
		last = i
	}
	if dirs[0] != explicit1 {
		t.Errorf("first folder = %s, want %s from %s", dirs[0], explicit1, EnvLibDir)
	}
	for i, d := range dirs {
		if slices.Contains(dirs[:i], d) {
			t.Errorf("searchDirs lists %s twice", d)
		}
	}
}

func TestNewestFirst(t *testing.T) {
	got := newestFirst([]string{
		"/usr/local/cuda-11.8/lib64",
		"/usr/local/cuda-12.10/lib64",
		"/usr/local/cuda-12.4/lib64",
		"/usr/local/cuda-13/lib64",
	})
	want := []string{
		"/usr/local/cuda-13/lib64",
		"/usr/local/cuda-12.10/lib64",
		"/usr/local/cuda-12.4/lib64",
		"/usr/local/cuda-11.8/lib64",
	}
	if !slices.Equal(got, want) {
		t.Errorf("newestFirst = %q, want %q", got, want)
	}
}

func TestPreferring(t *testing.T) {
	for _, test := range []struct {
		runtime string
		want    []string
	}{
		{"/x/libcudart.so.12", []string{"libcublas.so.12", "libcublas.so.13", "libcublas.so.11", "libcublas.so"}},
		{"libcudart.so.11.0", []string{"libcublas.so.11", "libcublas.so.13", "libcublas.so.12", "libcublas.so"}},
		{"/x/libcudart.so.13", []string{"libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"}},
		{"/x/libcudart.so", []string{"libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"}},
	} {
		got := preferring(libcublas, majorVersion(test.runtime)).Names
		if !slices.Equal(got, test.want) {
			t.Errorf("runtime %s: cuBLAS names = %q, want %q", test.runtime, got, test.want)
		}
	}
	if libcublas.Names[0] != "libcublas.so.13" {
		t.Errorf("preferring changed libcublas itself: %q", libcublas.Names)
	}
}

func TestLibraryErrorMessage(t *testing.T) {
	for _, test := range []struct {
		err  *LibraryError
		want string
	}{
		{
			err: &LibraryError{Library: "libcudart", Searched: []string{"/a", "/b"}, LoaderPath: true, Names: []string{"libcudart.so.13", "libcudart.so"}},
			want: "gpu: no CUDA device: library libcudart not found (searched: /a, /b, then the loader path; " +
				"names: libcudart.so.13, libcudart.so); set NNBOOK_CUDA_LIB_DIR to the folder that holds libcudart.so.13",
		},
		{
			err: &LibraryError{Library: "libcublas", LoaderPath: true, Names: []string{"libcublas.so.12"}},
			want: "gpu: no CUDA device: library libcublas not found (searched: the loader path; " +
				"names: libcublas.so.12); set NNBOOK_CUDA_LIB_DIR to the folder that holds libcublas.so.12",
		},
		{
			err: &LibraryError{Library: "libcublas", Searched: []string{"/c"}, Names: []string{"libcublas.so.12"},
				Failed: []string{"/c/libcublas.so.12: libcublasLt.so.12: cannot open shared object file"}},
			want: "gpu: no CUDA device: library libcublas found but not loaded (/c/libcublas.so.12: libcublasLt.so.12: " +
				"cannot open shared object file) (searched: /c; names: libcublas.so.12); " +
				"set NNBOOK_CUDA_LIB_DIR to the folder that holds libcublas.so.12",
		},
	} {
		if got := test.err.Error(); got != test.want {
			t.Errorf("got  %s\nwant %s", got, test.want)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	for _, test := range []struct {
		err       *Error
		want      string
		oom, none bool
	}{
		{&Error{"cudaMalloc", 2}, "gpu: cudaMalloc: cudaErrorMemoryAllocation (2): out of device memory", true, false},
		{&Error{"cublasCreate_v2", 3}, "gpu: cublasCreate_v2: CUBLAS_STATUS_ALLOC_FAILED (3): out of device memory", true, false},
		{&Error{"cudaGetDeviceCount", 100}, "gpu: cudaGetDeviceCount: cudaErrorNoDevice (100): no usable CUDA device or driver", false, true},
		{&Error{"cudaGetDeviceCount", 35}, "gpu: cudaGetDeviceCount: cudaErrorInsufficientDriver (35): no usable CUDA device or driver", false, true},
		{&Error{"cublasDgemm_v2", 13}, "gpu: cublasDgemm_v2: CUBLAS_STATUS_EXECUTION_FAILED (13)", false, false},
		{&Error{"cublasDgemm_v2", 2}, "gpu: cublasDgemm_v2: cublasStatus(2)", false, false},
		{&Error{"cudaStreamSynchronize", 12345}, "gpu: cudaStreamSynchronize: cudaError(12345)", false, false},
	} {
		if got := test.err.Error(); got != test.want {
			t.Errorf("got  %s\nwant %s", got, test.want)
		}
		if got := errors.Is(test.err, ErrOutOfMemory); got != test.oom {
			t.Errorf("%s: errors.Is(ErrOutOfMemory) = %t, want %t", test.want, got, test.oom)
		}
		if got := errors.Is(test.err, ErrNoDevice); got != test.none {
			t.Errorf("%s: errors.Is(ErrNoDevice) = %t, want %t", test.want, got, test.none)
		}
	}
}

// TestNewWithoutDevice checks New where no device is present (it skips
// where one is): the error, and an Implementation that still computes.
func TestNewWithoutDevice(t *testing.T) {
	impl, err := New()
	if err == nil {
		defer impl.Close()
		t.Skip("a CUDA device is present")
	}
	var ce *Error
	if !errors.Is(err, ErrNoDevice) && !errors.As(err, &ce) {
		t.Errorf("New() error %v neither matches ErrNoDevice nor is an *Error", err)
	}
	var le *LibraryError
	if errors.As(err, &le) && !slices.Contains(le.Searched, "/usr/local/cuda/lib64") {
		t.Errorf("LibraryError.Searched = %q, want it to include /usr/local/cuda/lib64", le.Searched)
	}
	if impl == nil {
		t.Fatal("New() returned a nil Implementation with its error")
	}
	if impl.Threshold != DefaultThreshold || impl.MinDim != DefaultMinDim {
		t.Errorf("Threshold, MinDim = %d, %d; want %d, %d", impl.Threshold, impl.MinDim, DefaultThreshold, DefaultMinDim)
	}
	if !cgoEnabled && !strings.Contains(err.Error(), "built without cgo") {
		t.Errorf("New() without cgo = %q, want it to say \"built without cgo\"", err)
	}
	if got := impl.Err(); got != err {
		t.Errorf("Err() = %v, want New's error %v", got, err)
	}
	c := []float64{1}
	impl.Dgemm('N', 'N', 1, 1, 1, 2, []float64{3}, 1, []float64{4}, 1, 1, c, 1)
	if c[0] != 25 { // 2·3·4 + 1
		t.Errorf("Dgemm without a device: c = %v, want 25", c[0])
	}
}
