package live

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestFindMemoryLimit(t *testing.T) {
	write := func(t *testing.T, root, name, text string) {
		t.Helper()
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name   string
		env    string
		files  map[string]string
		self   string
		bytes  int64
		from   string // suffix of where the limit came from
		errHas string
	}{
		{name: "environment in GiB", env: "2GiB", bytes: 2 << 30, from: "$NNBOOK_MEMORY_LIMIT"},
		{name: "environment in bytes", env: "1500000000", bytes: 1500000000, from: "$NNBOOK_MEMORY_LIMIT"},
		{name: "environment wins over the cgroup", env: "512MiB", files: map[string]string{"memory.max": "1073741824\n"}, bytes: 512 << 20, from: "$NNBOOK_MEMORY_LIMIT"},
		{name: "environment unreadable", env: "lots", errHas: "2GiB"},
		{name: "environment zero", env: "0", errHas: "positive"},
		{name: "cgroup v2 of this process", self: "0::/user/alice\n", files: map[string]string{"user/alice/memory.max": "2147483648\n", "memory.max": "max\n"}, bytes: 2 << 30, from: "user/alice/memory.max"},
		{name: "cgroup v2 root in a container", self: "0::/\n", files: map[string]string{"memory.max": "1073741824\n"}, bytes: 1 << 30, from: "memory.max"},
		{name: "cgroup v2 without a limit", self: "0::/\n", files: map[string]string{"memory.max": "max\n"}},
		{name: "cgroup v1", self: "12:cpu,cpuacct:/x\n9:memory:/kubepods/pod1\n", files: map[string]string{"memory/kubepods/pod1/memory.limit_in_bytes": "4294967296\n"}, bytes: 4 << 30, from: "memory.limit_in_bytes"},
		{name: "cgroup v1 without a limit", self: "9:memory:/\n", files: map[string]string{"memory/memory.limit_in_bytes": "9223372036854771712\n"}},
		{name: "no cgroup files"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			for name, text := range tt.files {
				write(t, root, name, text)
			}
			getenv := func(key string) string {
				if key == EnvMemoryLimit {
					return tt.env
				}
				return ""
			}
			m, err := findMemoryLimit(getenv, root, []byte(tt.self))
			if tt.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errHas) || !strings.Contains(err.Error(), EnvMemoryLimit) {
					t.Fatalf("error %v, want one naming %s and containing %q", err, EnvMemoryLimit, tt.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.bytes != tt.bytes || !strings.HasSuffix(m.from, tt.from) {
				t.Errorf("limit %d from %q, want %d from …%q", m.bytes, m.from, tt.bytes, tt.from)
			}
		})
	}
}

func TestWorkerEnvMemoryLimit(t *testing.T) {
	base := []string{"HOME=/h"}
	if got := (memoryLimit{}).workerEnv(base); !slices.Equal(got, base) {
		t.Errorf("no limit: env %q, want it unchanged", got)
	}
	// 2 GiB: the heap may use all but the headroom.
	got := memoryLimit{bytes: 2 << 30}.workerEnv(base)
	if want := "GOMEMLIMIT=" + strconv.Itoa(2<<30-384<<20); !slices.Contains(got, want) {
		t.Errorf("2 GiB: env %q, want %s", got, want)
	}
	// 512 MiB: at least half the limit, not 128 MiB.
	got = memoryLimit{bytes: 512 << 20}.workerEnv(base)
	if want := "GOMEMLIMIT=" + strconv.Itoa(256<<20); !slices.Contains(got, want) {
		t.Errorf("512 MiB: env %q, want %s", got, want)
	}
	// A GOMEMLIMIT of the user's stays.
	user := []string{"GOMEMLIMIT=100MiB"}
	if got := (memoryLimit{bytes: 2 << 30}).workerEnv(user); !slices.Equal(got, user) {
		t.Errorf("user's GOMEMLIMIT: env %q, want it kept alone", got)
	}
}
