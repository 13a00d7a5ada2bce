package kernelspec

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDataDir(t *testing.T) {
	const home = "/home/ada"
	prefix, err := filepath.Abs("pfx")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		goos   string
		prefix string
		env    map[string]string
		want   string
	}{
		{"linux default", "linux", "", nil, filepath.Join(home, ".local", "share", "jupyter")},
		{"linux XDG_DATA_HOME", "linux", "", map[string]string{"XDG_DATA_HOME": "/xdg"}, filepath.Join("/xdg", "jupyter")},
		{"JUPYTER_DATA_DIR wins over XDG", "linux", "", map[string]string{"XDG_DATA_HOME": "/xdg", "JUPYTER_DATA_DIR": "/jd"}, "/jd"},
		{"relative JUPYTER_DATA_DIR made absolute", "linux", "", map[string]string{"JUPYTER_DATA_DIR": "jd"}, mustAbs(t, "jd")},
		{"prefix wins over JUPYTER_DATA_DIR", "linux", "/opt/x", map[string]string{"JUPYTER_DATA_DIR": "/jd"}, filepath.Join("/opt/x", "share", "jupyter")},
		{"relative prefix made absolute", "linux", "pfx", nil, filepath.Join(prefix, "share", "jupyter")},
		{"darwin default", "darwin", "", nil, filepath.Join(home, "Library", "Jupyter")},
		{"darwin ignores XDG", "darwin", "", map[string]string{"XDG_DATA_HOME": "/xdg"}, filepath.Join(home, "Library", "Jupyter")},
		{"darwin JUPYTER_DATA_DIR", "darwin", "", map[string]string{"JUPYTER_DATA_DIR": "/jd"}, "/jd"},
		{"windows APPDATA", "windows", "", map[string]string{"APPDATA": "/appdata"}, filepath.Join("/appdata", "jupyter")},
		{"freebsd like linux", "freebsd", "", nil, filepath.Join(home, ".local", "share", "jupyter")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DataDir(tt.goos, tt.prefix, func(k string) string { return tt.env[k] }, home)
			if err != nil {
				t.Fatalf("DataDir: %v", err)
			}
			if got != tt.want {
				t.Errorf("DataDir = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDataDirNoHome(t *testing.T) {
	for _, goos := range []string{"linux", "darwin", "windows"} {
		_, err := DataDir(goos, "", func(string) string { return "" }, "")
		if err == nil {
			t.Errorf("%s: DataDir without home, prefix or environment: got no error", goos)
			continue
		}
		if !strings.Contains(err.Error(), "JUPYTER_DATA_DIR") {
			t.Errorf("%s: error %q does not say how to fix it (JUPYTER_DATA_DIR)", goos, err)
		}
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
