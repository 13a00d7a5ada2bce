package live

import (
	"context"
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/nnbook/nnbook/kernel/cell"
)

// EnvCache names the variable that says where nnbook keeps what sessions
// share: the built workers and the listings of compiled packages. Unset:
// nnbook in the user's cache directory (os.UserCacheDir, e.g.
// ~/.cache/nnbook).
const EnvCache = "NNBOOK_CACHE"

// workerCacheFormat changes when the layout of an entry changes, so that
// a kernel never reads an older layout.
const workerCacheFormat = "nnbook worker cache 1"

// maxWorkerEntries bounds the worker cache: storing an entry removes the
// least recently used beyond this many (each holds a worker of ≈6 MB).
const maxWorkerEntries = 4

// workerName is the file name of the worker binary in an entry and in a
// session directory.
const workerName = "nnbook-worker"

// cacheRoot returns the directory of the worker cache: dir when set, else
// $NNBOOK_CACHE, else nnbook in the user's cache directory; "" when there
// is none (no home directory).
func cacheRoot(dir string) string {
	if dir == "" {
		dir = os.Getenv(EnvCache)
	}
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(base, "nnbook")
	}
	return filepath.Join(dir, "worker")
}

// workerKey returns the key of a worker build: a hash of everything that
// changes the packages the worker links, which the plugins' packages must
// equal at plugin.Open — the toolchain (its version, its files and the
// settings that change compiled code) and the session module's files
// (go.mod, go.sum, and the worker's and its protocol's sources, by name).
// tools are the toolchain's programs whose identity counts: the go
// command, the compiler and the linker.
func workerKey(env cell.GoEnv, tools []string, files map[string][]byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", workerCacheFormat)
	for _, kv := range [][2]string{
		{"GOVERSION", env.GOVERSION}, {"GOROOT", env.GOROOT}, {"GOOS", env.GOOS}, {"GOARCH", env.GOARCH},
		{"GOAMD64", env.GOAMD64}, {"GOARM64", env.GOARM64}, {"GOEXPERIMENT", env.GOEXPERIMENT},
		{"GOFLAGS", env.GOFLAGS}, {"CGO_ENABLED", env.CGO_ENABLED}, {"CC", env.CC},
		{"CGO_CFLAGS", env.CGO_CFLAGS}, {"CGO_CPPFLAGS", env.CGO_CPPFLAGS}, {"CGO_LDFLAGS", env.CGO_LDFLAGS},
	} {
		fmt.Fprintf(h, "%s=%q\n", kv[0], kv[1])
	}
	for _, t := range tools {
		// A toolchain rebuilt in place keeps its version: its files'
		// sizes and times tell it apart.
		if fi, err := os.Stat(t); err == nil {
			fmt.Fprintf(h, "tool %q %d %d\n", t, fi.Size(), fi.ModTime().UnixNano())
		} else {
			fmt.Fprintf(h, "tool %q missing\n", t)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(h, "file %q %d\n", name, len(files[name]))
		h.Write(files[name])
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// workerCache is the entry of one key in the worker cache: a directory
// root/key holding the worker binary and its manifest, made whole in a
// temporary directory and renamed into place, so that a session sees a
// complete entry or none. Sessions that fill the same key at once each
// build, and the first rename wins; the others use the winner's.
type workerCache struct {
	root, key string
	goVersion string // the toolchain's, which the binary must record
	log       *slog.Logger
}

// workerManifest describes an entry's binary, to check it before use.
type workerManifest struct {
	Format    string
	Key       string
	GoVersion string
	Size      int64
	SHA256    string
}

func (c *workerCache) dir() string    { return filepath.Join(c.root, c.key) }
func (c *workerCache) binary() string { return filepath.Join(c.dir(), workerName) }

// lookup returns the entry's binary when it is present and sound: its
// manifest names this key, its content hashes to the manifest's and it
// records the toolchain's Go version. A damaged entry is removed, so that
// it is built again.
func (c *workerCache) lookup() (string, bool) {
	data, err := os.ReadFile(filepath.Join(c.dir(), "manifest.json"))
	if errors.Is(err, os.ErrNotExist) {
		return "", false
	}
	var m workerManifest
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err == nil {
		err = c.check(m)
	}
	if err != nil {
		c.log.Warn("the cached worker is unusable; building it again", "entry", c.dir(), "err", err)
		c.remove()
		return "", false
	}
	now := time.Now()
	_ = os.Chtimes(c.dir(), now, now) // recently used: pruned last (a read-only cache stays as it is)
	return c.binary(), true
}

// check verifies the binary of an entry against its manifest m.
func (c *workerCache) check(m workerManifest) error {
	if m.Format != workerCacheFormat || m.Key != c.key {
		return fmt.Errorf("manifest of format %q, key %q", m.Format, m.Key)
	}
	sum, size, err := hashFile(c.binary())
	if err != nil {
		return err
	}
	if size != m.Size || sum != m.SHA256 {
		return fmt.Errorf("the binary has %d bytes, SHA-256 %s; the manifest says %d bytes, %s", size, sum, m.Size, m.SHA256)
	}
	info, err := buildinfo.ReadFile(c.binary())
	if err != nil {
		return err
	}
	if info.GoVersion != c.goVersion {
		return fmt.Errorf("built by %s, not %s", info.GoVersion, c.goVersion)
	}
	return nil
}

// store builds a worker with build (which writes the binary to the path
// it is given) into a new entry and returns the entry's binary. When
// another session stored the key first, its entry is used.
func (c *workerCache) store(build func(out string) error) (string, error) {
	if err := os.MkdirAll(c.root, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(c.root, ".tmp-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp) // after a successful rename there is nothing left
	bin := filepath.Join(tmp, workerName)
	if err := build(bin); err != nil {
		return "", err
	}
	sum, size, err := hashFile(bin)
	if err != nil {
		return "", err
	}
	m, err := json.MarshalIndent(workerManifest{Format: workerCacheFormat, Key: c.key, GoVersion: c.goVersion, Size: size, SHA256: sum}, "", "\t")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(tmp, "manifest.json"), append(m, '\n'), 0o644); err != nil {
		return "", err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, c.dir()); err != nil {
		// Another session stored this key first: use its entry.
		if bin, ok := c.lookup(); ok {
			return bin, nil
		}
		return "", fmt.Errorf("store the worker in %s: %w", c.dir(), err)
	}
	c.log.Info("worker cached", "entry", c.dir())
	c.prune()
	return c.binary(), nil
}

// remove deletes the entry.
func (c *workerCache) remove() {
	if err := os.RemoveAll(c.dir()); err != nil {
		c.log.Warn("remove a cached worker", "entry", c.dir(), "err", err)
	}
}

// prune removes the least recently used entries beyond maxWorkerEntries,
// and temporary directories a crashed session left an hour or more ago.
// A running session whose entry goes builds its worker again when it
// next restarts it.
func (c *workerCache) prune() {
	des, err := os.ReadDir(c.root)
	if err != nil {
		return
	}
	type entry struct {
		name string
		used time.Time
	}
	var entries []entry
	for _, de := range des {
		fi, err := de.Info()
		if err != nil || !de.IsDir() {
			continue
		}
		if strings.HasPrefix(de.Name(), ".tmp-") {
			if time.Since(fi.ModTime()) > time.Hour {
				os.RemoveAll(filepath.Join(c.root, de.Name()))
			}
			continue
		}
		if de.Name() != c.key {
			entries = append(entries, entry{de.Name(), fi.ModTime()})
		}
	}
	slices.SortFunc(entries, func(a, b entry) int { return b.used.Compare(a.used) })
	for _, e := range entries[min(len(entries), maxWorkerEntries-1):] {
		c.log.Info("pruning a cached worker", "entry", e.name)
		os.RemoveAll(filepath.Join(c.root, e.name))
	}
}

// hashFile returns the hex SHA-256 and the size of the file at path.
func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// ensureWorker makes s.workerBin a worker built from the session module's
// files (see [Session.setup]) for the toolchain env: the cached one when
// its entry is sound, else one built now and cached. Where the cache
// cannot be written (no cache directory, a read-only one) the worker is
// built in the session directory.
func (s *Session) ensureWorker(env cell.GoEnv, files map[string][]byte) error {
	if root := cacheRoot(s.cfg.CacheDir); root != "" && s.cache == nil {
		tools := []string{s.goBin, filepath.Join(env.GOTOOLDIR, "compile"), filepath.Join(env.GOTOOLDIR, "link")}
		s.cache = &workerCache{root: root, key: workerKey(env, tools, files), goVersion: env.GOVERSION, log: s.log}
	}
	if s.cache != nil {
		e := s.exports
		e.cacheFile, e.modState = filepath.Join(s.cache.dir(), "exports.json"), append(slices.Clone(files["go.mod"]), files["go.sum"]...)
		e.listed = map[string]cachedPackage{}
	}
	if s.cache != nil {
		if bin, ok := s.cache.lookup(); ok {
			s.workerBin, s.workerCached = bin, true
			s.log.Info("worker from the cache", "entry", s.cache.dir())
			return nil
		}
		bin, err := s.cache.store(s.buildWorker)
		if err == nil {
			s.workerBin, s.workerCached = bin, false
			return nil
		}
		s.log.Warn("cannot cache the worker; building it in the session", "err", err)
	}
	bin := filepath.Join(s.dir, workerName)
	if err := s.buildWorker(bin); err != nil {
		return err
	}
	s.workerBin, s.workerCached = bin, false
	return nil
}

// buildWorker builds the session module's worker into the file out.
func (s *Session) buildWorker(out string) error {
	s.workerBuilds++
	if out, err := s.goCmd(context.Background(), "build", "-o", out, "./worker"); err != nil {
		return fmt.Errorf("live: build the worker: %v: %s", err, out)
	}
	return nil
}

// keepWorkerBinary builds the cached worker again when its entry went
// since the session started (pruned or found damaged by another session),
// before the worker is restarted.
func (s *Session) keepWorkerBinary() error {
	if _, err := os.Stat(s.workerBin); err == nil || s.cache == nil {
		return nil
	}
	bin, err := s.cache.store(s.buildWorker)
	if err != nil {
		bin = filepath.Join(s.dir, workerName)
		err = s.buildWorker(bin)
	}
	s.workerBin, s.workerCached = bin, false
	return err
}

// replaceStaleWorker replaces the worker w, which came from the cache,
// when the first plugin it was given failed to load with loadErr because
// a package differs between the worker and the plugin: then the worker,
// which alone had loaded packages, was built differently from what
// sessions build now, whatever its key said (a toolchain rebuilt in
// place, say). The entry is removed, the worker built again and cached,
// and the new worker, which has loaded nothing either, is returned for
// the plugin to be loaded again. It returns nil in every other case.
func (s *Session) replaceStaleWorker(w *worker, loadErr string) *worker {
	if !s.workerCached || w.loaded > 0 || !strings.Contains(loadErr, "different version of package") {
		return nil
	}
	s.log.Warn("the cached worker was built differently from this session's packages; building it again", "err", loadErr)
	s.cache.remove()
	bin, err := s.cache.store(s.buildWorker)
	if err != nil {
		bin = filepath.Join(s.dir, workerName)
		if err = s.buildWorker(bin); err != nil {
			s.log.Warn("build the worker", "err", err)
			return nil
		}
	}
	s.workerBin, s.workerCached = bin, false
	w.kill()
	nw, err := startWorker(s.workerBin, s.dir, s.mem.workerEnv(append(os.Environ(), s.cfg.Env...)), s.log)
	if err != nil {
		s.log.Warn("start the worker", "err", err)
		return nil
	}
	s.mu.Lock()
	s.w = nw
	s.mu.Unlock()
	return nw
}
