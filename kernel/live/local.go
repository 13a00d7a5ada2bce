package live

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/nnbook/nnbook/kernel/modules"
)

// refreshLocal forgets the compiled packages listed so far when a source
// file of a local module (a replace directive with a directory: a module
// being developed, nnbook's source tree) changed since the last cell, so
// that the next cell compiles against the new code (its type-checking
// keeps the API it saw first, until the worker restarts). A package the worker
// already loaded that changed makes the plugin fail to load, and the
// worker restarts saying which package changed and that the session's
// variables were lost; other changes keep the session.
func (s *Session) refreshLocal() error {
	now := time.Now()
	since := s.localChecked
	s.localChecked = now
	dirs, err := modules.LocalDirs(s.dir)
	if err != nil || since.IsZero() || !modules.ChangedSince(dirs, since) {
		return err
	}
	s.log.Info("a local module changed; listing the packages again", "dirs", dirs)
	s.forgetReused() // their copies of the module's packages are old
	return s.exports.relist()
}

// relist lists every package known so far again, so that their archives
// are those of the sources as they are now. The type-checker keeps the
// packages it imported (the session's values were made with their types).
func (e *exportData) relist() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	paths := slices.Sorted(maps.Keys(e.files))
	e.files, e.checked = map[string]string{}, map[string]bool{}
	e.gen++
	if err := e.list(paths...); err != nil {
		return fmt.Errorf("live: list the packages again after a local module changed: %w", err)
	}
	return nil
}
