package tmproot

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// lockName is the lock file in each owner directory.
const lockName = "lock"

// unlockedGrace is how old an owner directory without a lock file must be
// before a sweep removes it.
const unlockedGrace = time.Minute

// owner is this process's owner directory, claimed by the first MkdirTemp
// and claimed again if it disappears (a cleaner of /tmp removed it).
var owner struct {
	mu sync.Mutex
	// mu guards dir and lock.
	dir  string
	lock *os.File // held open (and flock'ed) while dir is this process's
}

// Root returns the per-user root, $TMPDIR/nnbook-UID, creating it with mode
// 0700. It refuses a root that is a link, not a directory, owned by another
// user or open to others, since another user could then read or replace
// the kernel's files.
func Root() (string, error) {
	root := filepath.Join(os.TempDir(), "nnbook-"+strconv.Itoa(os.Getuid()))
	if err := os.Mkdir(root, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("tmproot: create %s: %w; set TMPDIR to a writable directory", root, err)
	}
	fi, err := os.Lstat(root)
	if err != nil {
		return "", fmt.Errorf("tmproot: %w", err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	switch {
	case !fi.IsDir():
		return "", fmt.Errorf("tmproot: %s is a %v, want a directory; remove it", root, fi.Mode().Type())
	case ok && int(st.Uid) != os.Getuid():
		return "", fmt.Errorf("tmproot: %s is owned by uid %d, want %d; remove it or set TMPDIR", root, st.Uid, os.Getuid())
	case fi.Mode().Perm()&0o077 != 0:
		return "", fmt.Errorf("tmproot: %s has mode %v, want 0700; remove it or chmod 700 it", root, fi.Mode().Perm())
	}
	return root, nil
}

// MkdirTemp creates a new directory, mode 0700, in this process's owner
// directory under [Root], as os.MkdirTemp(dir, pattern) does. Remove it
// with os.RemoveAll when done; what a killed kernel leaves is swept by the
// next one.
func MkdirTemp(pattern string) (string, error) {
	owner.mu.Lock()
	defer owner.mu.Unlock()
	if owner.dir != "" {
		dir, err := os.MkdirTemp(owner.dir, pattern)
		if !errors.Is(err, fs.ErrNotExist) {
			return dir, err
		}
		owner.lock.Close()
		owner.dir, owner.lock = "", nil
	}
	dir, lock, err := claim()
	if err != nil {
		return "", err
	}
	owner.dir, owner.lock = dir, lock
	return os.MkdirTemp(owner.dir, pattern)
}

// claim sweeps the root of dead owners and creates and locks this
// process's owner directory.
func claim() (string, *os.File, error) {
	root, err := Root()
	if err != nil {
		return "", nil, err
	}
	if _, err := Sweep(root); err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp(root, strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return "", nil, fmt.Errorf("tmproot: %w", err)
	}
	lock, err := os.OpenFile(filepath.Join(dir, lockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return "", nil, fmt.Errorf("tmproot: %w", err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		return "", nil, fmt.Errorf("tmproot: lock %s: %w", lock.Name(), err)
	}
	return dir, lock, nil
}

// Sweep removes the owner directories under root whose process is gone and
// returns their paths. Directories of live processes, and entries that are
// not owner directories, are left alone.
func Sweep(root string) ([]string, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("tmproot: sweep: %w", err)
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		if !e.IsDir() || e.Type()&fs.ModeSymlink != 0 {
			continue
		}
		dir := filepath.Join(root, e.Name())
		if !stale(dir) {
			continue
		}
		if err := os.RemoveAll(dir); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, dir)
	}
	return removed, errors.Join(errs...)
}

// stale reports whether the owner directory dir belongs to no live process.
func stale(dir string) bool {
	f, err := os.Open(filepath.Join(dir, lockName))
	if err != nil {
		fi, serr := os.Stat(dir)
		return errors.Is(err, fs.ErrNotExist) && serr == nil && time.Since(fi.ModTime()) > unlockedGrace
	}
	defer f.Close()
	// Taking the lock proves its owner is dead; closing f releases it.
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}
