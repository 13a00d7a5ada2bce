package main

import (
	"errors"
	"path/filepath"
)

// dataDir returns the Jupyter data directory the kernelspec goes into.
//
// The order follows jupyter_core: an explicit prefix (PREFIX/share/jupyter, as
// `jupyter kernelspec install --prefix` does), then $JUPYTER_DATA_DIR, then the
// user's directory for goos: ~/Library/Jupyter on darwin,
// %APPDATA%\jupyter on windows, and $XDG_DATA_HOME/jupyter (default
// ~/.local/share/jupyter) elsewhere. home is the user's home directory; it is
// needed only when the first two are unset.
func dataDir(goos, prefix string, getenv func(string) string, home string) (string, error) {
	if prefix != "" {
		abs, err := filepath.Abs(prefix)
		if err != nil {
			return "", err
		}
		return filepath.Join(abs, "share", "jupyter"), nil
	}
	if d := getenv("JUPYTER_DATA_DIR"); d != "" {
		return filepath.Abs(d)
	}
	switch goos {
	case "windows":
		if d := getenv("APPDATA"); d != "" {
			return filepath.Join(d, "jupyter"), nil
		}
	case "darwin":
		if home != "" {
			return filepath.Join(home, "Library", "Jupyter"), nil
		}
	default:
		if d := getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "jupyter"), nil
		}
		if home != "" {
			return filepath.Join(home, ".local", "share", "jupyter"), nil
		}
	}
	return "", errors.New("install: cannot find the Jupyter data directory (no home directory); set JUPYTER_DATA_DIR or pass --prefix")
}
