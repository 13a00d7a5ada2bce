package live

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
)

// exportCacheFormat changes when the layout of exportCache changes.
const exportCacheFormat = "nnbook export cache 1"

// exportCache is what go list reported about compiled packages in the
// sessions of one worker key (same toolchain, same go.mod and go.sum): the
// archive of each package in the build cache, its dependencies, and the
// size and time of each source file of a package outside the standard
// library. A new session uses an entry, without running go list, when
// the archives of the package and of every dependency are still in the
// build cache and none of their sources changed; the standard library's
// sources change only with the toolchain, which is part of the key.
type exportCache struct {
	Format   string
	Packages map[string]cachedPackage
}

// cachedPackage is one package of an exportCache.
type cachedPackage struct {
	// Export is the archive with the package's export data; empty for a
	// package that has none (unsafe).
	Export string `json:",omitempty"`
	// Deps are the import paths of every package it depends on.
	Deps []string `json:",omitempty"`
	// Stamps are its source files, their directory and its module's
	// go.mod, outside the standard library.
	Stamps []fileStamp `json:",omitempty"`
}

// fileStamp is the size and modification time of a file or directory.
type fileStamp struct {
	Path string
	Size int64 `json:",omitempty"`
	Time int64 // UnixNano
}

// listedPackage is the part of a package that go list -json reports and
// the export cache keeps.
type listedPackage struct {
	ImportPath, Export, Dir                                                                    string
	Standard                                                                                   bool
	Deps                                                                                       []string
	Module                                                                                     *struct{ GoMod string }
	GoFiles, CgoFiles, CFiles, CXXFiles, HFiles, SFiles, SysoFiles, EmbedFiles, IgnoredGoFiles []string
}

// listFields are the fields of listedPackage, for go list -json=.
const listFields = "ImportPath,Export,Dir,Standard,Deps,Module,GoFiles,CgoFiles,CFiles,CXXFiles,HFiles,SFiles,SysoFiles,EmbedFiles,IgnoredGoFiles"

// cached returns p as the export cache keeps it, with its files stamped
// now.
func (p *listedPackage) cached() (cachedPackage, bool) {
	c := cachedPackage{Export: p.Export, Deps: p.Deps}
	if p.Standard {
		return c, true
	}
	paths := []string{p.Dir}
	for _, names := range [][]string{p.GoFiles, p.CgoFiles, p.CFiles, p.CXXFiles, p.HFiles, p.SFiles, p.SysoFiles, p.EmbedFiles, p.IgnoredGoFiles} {
		for _, n := range names {
			paths = append(paths, filepath.Join(p.Dir, n))
		}
	}
	if p.Module != nil && p.Module.GoMod != "" {
		paths = append(paths, p.Module.GoMod)
	}
	for _, path := range paths {
		st, ok := stamp(path)
		if !ok {
			return c, false
		}
		c.Stamps = append(c.Stamps, st)
	}
	return c, true
}

// stamp returns the stamp of the file at path as it is now.
func stamp(path string) (fileStamp, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}, false
	}
	st := fileStamp{Path: path, Time: fi.ModTime().UnixNano()}
	if !fi.IsDir() {
		st.Size = fi.Size()
	}
	return st, true
}

// sound reports whether package p can be used as it was listed: its
// archive is still in the build cache and its files are unchanged.
func (p cachedPackage) sound() bool {
	if p.Export != "" {
		if _, err := os.Stat(p.Export); err != nil {
			return false
		}
	}
	for _, want := range p.Stamps {
		if got, ok := stamp(want.Path); !ok || got != want {
			return false
		}
	}
	return true
}

// readExportCache reads the export cache at path; a missing, unreadable
// or other-format file is an empty cache.
func readExportCache(path string) *exportCache {
	c := &exportCache{Format: exportCacheFormat, Packages: map[string]cachedPackage{}}
	data, err := os.ReadFile(path)
	if err != nil {
		return c
	}
	var got exportCache
	if json.Unmarshal(data, &got) != nil || got.Format != exportCacheFormat || got.Packages == nil {
		return c
	}
	return &got
}

// closure returns the archives of path and of its dependencies when all
// of them are sound; checked remembers the packages found sound.
func (c *exportCache) closure(path string, checked map[string]bool) (map[string]string, bool) {
	p, ok := c.Packages[path]
	if !ok {
		return nil, false
	}
	files := map[string]string{}
	for _, q := range append([]string{path}, p.Deps...) {
		cp, ok := c.Packages[q]
		if !ok {
			return nil, false
		}
		if !checked[q] {
			if !cp.sound() {
				return nil, false
			}
			checked[q] = true
		}
		files[q] = cp.Export
	}
	return files, true
}

// write merges listed into the export cache at path, keeping the sound
// entries already there, and replaces the file at once (a temporary file
// renamed), so that concurrent sessions read a whole file.
func writeExportCache(path string, listed map[string]cachedPackage) error {
	c := readExportCache(path)
	for p, cp := range c.Packages {
		if !cp.sound() {
			delete(c.Packages, p)
		}
	}
	for p, cp := range listed {
		c.Packages[p] = cp
	}
	// A package is kept only with all of its dependencies.
	for p, cp := range c.Packages {
		if slices.ContainsFunc(cp.Deps, func(d string) bool { _, ok := c.Packages[d]; return !ok }) {
			delete(c.Packages, p)
		}
	}
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".exports-")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return errors.Join(errors.New("live: write the export cache"), err)
	}
	return nil
}
