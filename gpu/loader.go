package gpu

import (
	"cmp"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/nnbook/nnbook/internal/dl"
)

// EnvLibDir names the environment variable that points [New] at the CUDA
// libraries: a list of folders, separated as in PATH, searched before every
// other place. Use it when libcudart and libcublas live somewhere unusual:
//
//	NNBOOK_CUDA_LIB_DIR=/opt/cuda-12.4/lib64 jupyter lab
//
// New looks for each library in these places, in order, and takes the
// first file that loads:
//
//  1. the folders in $NNBOOK_CUDA_LIB_DIR;
//  2. $CUDA_HOME/lib64 and $CUDA_PATH/lib64, where set;
//  3. /usr/local/cuda/lib64, then /usr/local/cuda-*/lib64, newest first;
//  4. the system's library folders (/usr/lib/x86_64-linux-gnu on amd64,
//     /usr/lib64), where distributions' CUDA packages install;
//  5. NVIDIA's Python wheels (site-packages/nvidia/*/lib, which holds
//     nvidia/cublas/lib and nvidia/cuda_runtime/lib, or from CUDA 13
//     nvidia/cu13/lib) in the active virtual environment, the conda
//     environment (and its lib folder), every prefix whose bin folder is
//     in $PATH, and ~/.local;
//  6. the dynamic loader's own path (LD_LIBRARY_PATH, ld.so.cache).
//
// In each place it tries the file names of CUDA 13, 12 and 11
// (libcudart.so.13, libcudart.so.12, libcudart.so.11.0) and the
// unversioned libcudart.so last, and likewise for libcublas, preferring
// the cuBLAS of the runtime's major version. A [*LibraryError] lists the
// places searched when nothing loads.
const EnvLibDir = "NNBOOK_CUDA_LIB_DIR"

// The libraries, their file names newest major version first and the
// unversioned development link last; libcublas needs libcublasLt of the
// same version from its own folder.
var (
	libcudart = dl.Spec{
		Name:  "libcudart",
		Names: []string{"libcudart.so.13", "libcudart.so.12", "libcudart.so.11.0", "libcudart.so"},
	}
	libcublas = dl.Spec{
		Name:      "libcublas",
		Names:     []string{"libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"},
		Companion: "libcublasLt",
	}
)

// preferring returns l with the file names of major version major first,
// so that cuBLAS comes from the same CUDA release as the runtime.
func preferring(l dl.Spec, major string) dl.Spec {
	suffix := ".so." + major
	names := slices.Clone(l.Names)
	slices.SortStableFunc(names, func(a, b string) int {
		return cmp.Compare(boolRank(!strings.HasSuffix(a, suffix)), boolRank(!strings.HasSuffix(b, suffix)))
	})
	l.Names = names
	return l
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// majorVersion returns the major version in a file name such as
// "libcudart.so.12" or "libcudart.so.11.0", or "" for an unversioned one.
func majorVersion(path string) string {
	_, v, ok := strings.Cut(filepath.Base(path), ".so.")
	if !ok {
		return ""
	}
	major, _, _ := strings.Cut(v, ".")
	return major
}

// defaultSearch is the search New uses; see searchDirs.
func defaultSearch() dl.Search {
	return dl.Search{Dirs: searchDirs(os.Getenv), LoaderPath: true}
}

// searchDirs lists the folders to search, in the order EnvLibDir's
// documentation gives (places 1 to 5), reading environment variables
// through getenv. Folders that do not exist are kept: the error lists them.
func searchDirs(getenv func(string) string) []string {
	var dirs []string
	seen := make(map[string]bool)
	add := func(ds ...string) {
		for _, d := range ds {
			if d == "" {
				continue
			}
			d = filepath.Clean(d)
			if !seen[d] {
				seen[d] = true
				dirs = append(dirs, d)
			}
		}
	}
	add(filepath.SplitList(getenv(EnvLibDir))...)
	for _, v := range []string{"CUDA_HOME", "CUDA_PATH"} {
		if p := getenv(v); p != "" {
			add(filepath.Join(p, "lib64"))
		}
	}
	add("/usr/local/cuda/lib64")
	add(newestFirst(dl.Glob("/usr/local/cuda-*/lib64"))...)
	if triplet, ok := dl.Triplets[runtime.GOARCH]; ok {
		add(filepath.Join("/usr/lib", triplet))
	}
	add("/usr/lib64")

	var prefixes []string
	prefixes = append(prefixes, getenv("VIRTUAL_ENV"), getenv("CONDA_PREFIX"))
	for _, p := range filepath.SplitList(getenv("PATH")) {
		if filepath.Base(p) == "bin" {
			prefixes = append(prefixes, filepath.Dir(p))
		}
	}
	if home := getenv("HOME"); home != "" {
		prefixes = append(prefixes, filepath.Join(home, ".local"))
	}
	donePrefix := make(map[string]bool)
	for _, p := range prefixes {
		if p == "" || donePrefix[filepath.Clean(p)] {
			continue
		}
		donePrefix[filepath.Clean(p)] = true
		for _, pkgs := range []string{"site-packages", "dist-packages"} {
			add(dl.Glob(filepath.Join(p, "lib", "python3*", pkgs, "nvidia", "*", "lib"))...)
		}
	}
	if p := getenv("CONDA_PREFIX"); p != "" {
		add(filepath.Join(p, "lib"))
	}
	return dirs
}

// newestFirst sorts paths such as /usr/local/cuda-12.4/lib64 by the
// version after "cuda-", newest first.
func newestFirst(paths []string) []string {
	version := func(p string) []int {
		_, v, _ := strings.Cut(filepath.Base(filepath.Dir(p)), "-")
		var nums []int
		for f := range strings.SplitSeq(v, ".") {
			n, err := strconv.Atoi(f)
			if err != nil {
				break
			}
			nums = append(nums, n)
		}
		return nums
	}
	slices.SortStableFunc(paths, func(a, b string) int {
		return slices.Compare(version(b), version(a))
	})
	return paths
}
