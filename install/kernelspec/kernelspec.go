package kernelspec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Names in the Jupyter data directory and in kernel.json.
const (
	// Name is the kernelspec's directory name, the name notebooks record in
	// metadata.kernelspec.name.
	Name = "nnbook"
	// DisplayName is what front ends show in their kernel pickers.
	DisplayName = "Go (nnbook)"

	// EnvGo names the variable that holds the absolute path of the go
	// command the kernel builds cells with.
	EnvGo = "NNBOOK_GO"
)

// Spec is the content of kernel.json.
type Spec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env"`
	Metadata      map[string]any    `json:"metadata"`
}

// New returns the kernelspec for the binary at bin with the go command at
// goCmd (both absolute). Jupyter starts the kernel as bin kernel -f FILE,
// with $NNBOOK_GO set to goCmd, so cells build with the toolchain the kernel
// was installed with whatever PATH the front end has. Where nnkit comes from
// is the binary's own business (it recorded its source tree or its module
// version when it was built), so kernel.json does not say.
func New(bin, goCmd string) Spec {
	return Spec{
		Argv:          []string{bin, "kernel", "-f", "{connection_file}"},
		DisplayName:   DisplayName,
		Language:      "go",
		InterruptMode: "message",
		Env:           map[string]string{EnvGo: goCmd},
		// JupyterLab shows its debugger panel only for kernels that say so.
		Metadata: map[string]any{"debugger": false},
	}
}

// Marshal returns kernel.json's bytes: indented, keys in a fixed order, a
// trailing newline.
func (s Spec) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("kernelspec: encode kernel.json: %w", err)
	}
	return buf.Bytes(), nil
}

// Write writes kernel.json and the logos into dir, which must exist (see
// [Prepare]). Each file is written to a temporary file in dir and renamed over the
// old one, so a front end never reads half a file and a second run replaces
// the first run's files.
func Write(dir string, s Spec) error {
	js, err := s.Marshal()
	if err != nil {
		return err
	}
	files := []struct {
		name string
		data []byte
	}{{"kernel.json", js}}
	for _, size := range logoSizes {
		png, err := logoPNG(size)
		if err != nil {
			return err
		}
		files = append(files, struct {
			name string
			data []byte
		}{logoName(size), png})
	}
	for _, f := range files {
		if err := writeFileAtomic(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory and a rename.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("kernelspec: write %s: %w", path, err)
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp, perm)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("kernelspec: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("kernelspec: write %s: %w", path, err)
	}
	return nil
}

// Prepare creates the kernelspec directory dir and checks that files can be
// created in it, so that an unwritable data directory is reported before
// anything is built.
func Prepare(dir string) error {
	hint := "set JUPYTER_DATA_DIR or pass -prefix to choose a writable directory"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("kernelspec: cannot create the kernelspec directory %s: %w; %s", dir, err, hint)
	}
	f, err := os.CreateTemp(dir, ".probe*")
	if err != nil {
		return fmt.Errorf("kernelspec: the kernelspec directory %s is not writable: %w; %s", dir, err, hint)
	}
	name := f.Name()
	return errors.Join(f.Close(), os.Remove(name))
}

// Remove removes the kernelspec directory dir. It reports whether there was
// one to remove.
func Remove(dir string) (removed bool, err error) {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return false, fmt.Errorf("kernelspec: remove %s: %w", dir, err)
	}
	return true, nil
}

// Uninstall removes the kernelspec from the user's Jupyter data directory
// (or PREFIX/share/jupyter with prefix), saying on w what it did.
func Uninstall(prefix string, w io.Writer) error {
	data, err := UserDataDir(prefix)
	if err != nil {
		return err
	}
	dir := Dir(data)
	removed, err := Remove(dir)
	if err != nil {
		return err
	}
	if removed {
		fmt.Fprintf(w, "removed the kernel %q from %s\n", DisplayName, dir)
	} else {
		fmt.Fprintf(w, "nothing to remove: %s does not exist\n", dir)
	}
	return nil
}

// BinaryName returns the file name of the kernel binary for goos.
func BinaryName(goos string) string {
	if goos == "windows" {
		return Name + ".exe"
	}
	return Name
}
