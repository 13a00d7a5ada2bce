// Package goproxy writes module versions into a directory laid out as the
// GOPROXY protocol (https://go.dev/ref/mod#goproxy-protocol), so that tests
// can serve modules to the go command offline with GOPROXY=file://DIR.
package goproxy

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

// URL returns the GOPROXY entry that serves the directory dir.
func URL(dir string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()
}

// Add writes the module version m, made of files (slash-separated paths
// relative to the module root, one of them go.mod), into the proxy
// directory dir: its .info, .mod and .zip, and its line in @v/list.
func Add(dir string, m module.Version, files map[string][]byte) error {
	var zf []zip.File
	for name, data := range files {
		zf = append(zf, memFile{name: name, data: data})
	}
	return add(dir, m, files["go.mod"], zf)
}

// AddDir writes the module version m made of the files names
// (slash-separated, relative to root) of the directory root, as [Add] does.
func AddDir(dir string, m module.Version, root string, names []string) error {
	var zf []zip.File
	var gomod []byte
	for _, name := range names {
		p := filepath.Join(root, filepath.FromSlash(name))
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		if !fi.Mode().IsRegular() {
			continue // symbolic links and such are not part of a module zip
		}
		if name == "go.mod" {
			if gomod, err = os.ReadFile(p); err != nil {
				return err
			}
		}
		zf = append(zf, diskFile{name: name, path: p})
	}
	return add(dir, m, gomod, zf)
}

func add(dir string, m module.Version, gomod []byte, files []zip.File) error {
	if gomod == nil {
		return fmt.Errorf("goproxy: %s has no go.mod", m)
	}
	esc, err := module.EscapePath(m.Path)
	if err != nil {
		return err
	}
	ver, err := module.EscapeVersion(m.Version)
	if err != nil {
		return err
	}
	vdir := filepath.Join(dir, filepath.FromSlash(esc), "@v")
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		return err
	}
	var z bytes.Buffer
	if err := zip.Create(&z, m, files); err != nil {
		return fmt.Errorf("goproxy: zip %s: %w", m, err)
	}
	info := fmt.Sprintf("{\"Version\":%q,\"Time\":%q}\n", m.Version, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339))
	for ext, data := range map[string][]byte{".info": []byte(info), ".mod": gomod, ".zip": z.Bytes()} {
		if err := os.WriteFile(filepath.Join(vdir, ver+ext), data, 0o644); err != nil {
			return err
		}
	}
	list := filepath.Join(vdir, "list")
	old, err := os.ReadFile(list)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	versions := strings.Fields(string(old))
	if !slices.Contains(versions, m.Version) {
		versions = append(versions, m.Version)
	}
	return os.WriteFile(list, []byte(strings.Join(versions, "\n")+"\n"), 0o644)
}

// memFile is a zip.File held in memory.
type memFile struct {
	name string
	data []byte
}

func (f memFile) Path() string { return f.name }
func (f memFile) Lstat() (fs.FileInfo, error) {
	return fileInfo{name: f.name, size: int64(len(f.data))}, nil
}
func (f memFile) Open() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(f.data)), nil }

// diskFile is a zip.File read from disk.
type diskFile struct{ name, path string }

func (f diskFile) Path() string                 { return f.name }
func (f diskFile) Lstat() (fs.FileInfo, error)  { return os.Lstat(f.path) }
func (f diskFile) Open() (io.ReadCloser, error) { return os.Open(f.path) }

// fileInfo describes a memFile.
type fileInfo struct {
	name string
	size int64
}

func (fi fileInfo) Name() string       { return filepath.Base(fi.name) }
func (fi fileInfo) Size() int64        { return fi.size }
func (fi fileInfo) Mode() fs.FileMode  { return 0o644 }
func (fi fileInfo) ModTime() time.Time { return time.Time{} }
func (fi fileInfo) IsDir() bool        { return false }
func (fi fileInfo) Sys() any           { return nil }
