package live

import (
	"os"
	"strings"
)

// prune removes what a cell's run leaves that no later cell needs: the
// plugin (1.6 MB and more each; the worker has it mapped, and a fresh
// worker starts with no cells) and the plugin's main package and archive.
// The cell package's archive stays: later plugins link it. Without this a
// session directory grew by the size of every plugin, 683 MB after 200
// cells of a chapter notebook.
func (s *Session) prune(so string) {
	if so == "" || s.kept(so) { // kept to run again (reuse.go)
		return
	}
	s.removePlugin(so)
}

// removePlugin removes the plugin so and its main package.
func (s *Session) removePlugin(so string) {
	mainDir := strings.TrimSuffix(so, ".so")
	for _, p := range []string{so, mainDir + ".a"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			s.log.Warn("prune the session directory", "err", err)
		}
	}
	if err := os.RemoveAll(mainDir); err != nil {
		s.log.Warn("prune the session directory", "err", err)
	}
}
