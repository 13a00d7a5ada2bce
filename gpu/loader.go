package gpu

import (
	"cmp"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/nnbook/nnbook/gpu/internal/cuda"
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

// library names a shared library and the file names it goes by.
type library struct {
	name string
	// sonames are the file names to try, newest major version first and
	// the unversioned development link last.
	sonames []string
	// companion, when set, is a library that name needs from its own
	// folder: libcublas needs libcublasLt of the same version.
	companion string
}

var (
	libcudart = library{
		name:    "libcudart",
		sonames: []string{"libcudart.so.13", "libcudart.so.12", "libcudart.so.11.0", "libcudart.so"},
	}
	libcublas = library{
		name:      "libcublas",
		sonames:   []string{"libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"},
		companion: "libcublasLt",
	}
)

// preferring returns l with the file names of major version major first,
// so that cuBLAS comes from the same CUDA release as the runtime.
func (l library) preferring(major string) library {
	suffix := ".so." + major
	names := slices.Clone(l.sonames)
	slices.SortStableFunc(names, func(a, b string) int {
		return cmp.Compare(boolRank(!strings.HasSuffix(a, suffix)), boolRank(!strings.HasSuffix(b, suffix)))
	})
	l.sonames = names
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

// search says where to look for the libraries.
type search struct {
	dirs       []string // folders, in order
	loaderPath bool     // then ask the dynamic loader for each file name
}

// defaultSearch is the search New uses; see searchDirs.
func defaultSearch() search {
	return search{dirs: searchDirs(os.Getenv), loaderPath: true}
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
	add(newestFirst(glob("/usr/local/cuda-*/lib64"))...)
	if triplet, ok := debianTriplets[runtime.GOARCH]; ok {
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
			add(glob(filepath.Join(p, "lib", "python3*", pkgs, "nvidia", "*", "lib"))...)
		}
	}
	if p := getenv("CONDA_PREFIX"); p != "" {
		add(filepath.Join(p, "lib"))
	}
	return dirs
}

// debianTriplets maps GOARCH to the multiarch folder name under /usr/lib.
var debianTriplets = map[string]string{
	"amd64":   "x86_64-linux-gnu",
	"arm64":   "aarch64-linux-gnu",
	"ppc64le": "powerpc64le-linux-gnu",
}

// glob returns the matches of pattern, or none when the pattern is
// malformed (the patterns here are constants and well formed).
func glob(pattern string) []string {
	m, err := filepath.Glob(pattern)
	if err != nil {
		return nil
	}
	return m
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

// opener opens a shared library; cuda.Open is the real one.
type opener func(path string) (*cuda.Library, error)

// find opens the first of lib's files that loads: every file name in each
// folder in turn (files that do not exist are skipped), then, if s says so,
// every file name through the dynamic loader's path.
func (s search) find(lib library, open opener) (*cuda.Library, error) {
	var failed []string
	for _, dir := range s.dirs {
		for _, name := range lib.sonames {
			path := filepath.Join(dir, name)
			if _, err := os.Stat(path); err != nil {
				continue
			}
			if lib.companion != "" {
				// Load the companion from the same folder first, so that
				// the library's dependency on it is met even where the
				// folder is not on the loader's path.
				companion := filepath.Join(dir, strings.Replace(name, lib.name, lib.companion, 1))
				if _, err := os.Stat(companion); err == nil {
					if _, err := open(companion); err != nil {
						failed = append(failed, withPath(companion, err))
						continue
					}
				}
			}
			l, err := open(path)
			if err == nil {
				return l, nil
			}
			failed = append(failed, withPath(path, err))
		}
	}
	if s.loaderPath {
		for _, name := range lib.sonames {
			l, err := open(name)
			if err == nil {
				return l, nil
			}
			// "name: cannot open shared object file" only says that the
			// loader has no such file; any other reason is worth showing.
			if !strings.HasPrefix(err.Error(), name+": cannot open shared object file") {
				failed = append(failed, withPath(name, err))
			}
		}
	}
	return nil, &LibraryError{
		Library:    lib.name,
		Searched:   s.dirs,
		LoaderPath: s.loaderPath,
		Names:      lib.sonames,
		Failed:     failed,
	}
}

// withPath returns the loader's message for path, starting with the path.
func withPath(path string, err error) string {
	msg := err.Error()
	if strings.HasPrefix(msg, path) {
		return msg
	}
	return path + ": " + msg
}
