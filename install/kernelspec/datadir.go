package kernelspec

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// DataDir returns the Jupyter data directory the kernelspec goes into.
//
// The order follows jupyter_core: an explicit prefix (PREFIX/share/jupyter, as
// `jupyter kernelspec install --prefix` does), then $JUPYTER_DATA_DIR, then the
// user's directory for goos: ~/Library/Jupyter on darwin,
// %APPDATA%\jupyter on windows, and $XDG_DATA_HOME/jupyter (default
// ~/.local/share/jupyter) elsewhere. home is the user's home directory; it is
// needed only when the first two are unset.
func DataDir(goos, prefix string, getenv func(string) string, home string) (string, error) {
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
	return "", errors.New("kernelspec: cannot find the Jupyter data directory (no home directory); set JUPYTER_DATA_DIR or pass -prefix")
}

// UserDataDir returns [DataDir] for this machine and user: the running
// operating system, the process's environment and home directory.
func UserDataDir(prefix string) (string, error) {
	// DataDir reports a missing home directory when it needs one.
	home, err := os.UserHomeDir()
	if err != nil {
		home = ""
	}
	return DataDir(runtime.GOOS, prefix, os.Getenv, home)
}

// Dir returns the kernelspec directory in the Jupyter data directory data.
func Dir(data string) string {
	return filepath.Join(data, "kernels", Name)
}

// PrefixNote tells the user that Jupyter finds a kernelspec installed under
// a prefix (in the data directory data) only when the prefix is on its
// path.
func PrefixNote(data string) string {
	return "Jupyter finds this kernel only with JUPYTER_PATH=" + data + " (or when the prefix is Jupyter's own)\n"
}
