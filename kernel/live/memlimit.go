package live

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// EnvMemoryLimit is the environment variable that sets the memory a
// session's worker may use, in bytes or with a unit as GOMEMLIMIT takes
// it ("2GiB", "512MiB"); a kernelspec's env sets it for every student of a
// class. Unset, the limit of the kernel's control group (cgroup v2
// memory.max, v1 memory.limit_in_bytes) is used, where there is one.
const EnvMemoryLimit = "NNBOOK_MEMORY_LIMIT"

// memoryHeadroom is what the worker's Go heap limit leaves below the
// memory limit for memory the Go heap does not count: goroutine stacks,
// the code of loaded cells, C allocations (a CPU BLAS, CUDA).
const memoryHeadroom = 384 << 20

// noLimit is a cgroup v1 limit at or above which there is none (the
// kernel writes 2⁶³ rounded down to a page).
const noLimit = 1 << 62

// memoryLimit is the memory the worker may use and where that came from.
type memoryLimit struct {
	bytes int64  // 0: none known
	from  string // "$NNBOOK_MEMORY_LIMIT", or the cgroup file
}

// findMemoryLimit returns the session's memory limit: $NNBOOK_MEMORY_LIMIT
// through getenv, else the control group of this process under
// cgroupRoot (/sys/fs/cgroup) as /proc/self/cgroup (its content in
// selfCgroup) names it.
func findMemoryLimit(getenv func(string) string, cgroupRoot string, selfCgroup []byte) (memoryLimit, error) {
	if v := getenv(EnvMemoryLimit); v != "" {
		n, err := parseBytes(v)
		if err != nil {
			return memoryLimit{}, fmt.Errorf("live: $%s=%q: %v; write bytes or a number with B, KiB, MiB, GiB or TiB, such as 2GiB", EnvMemoryLimit, v, err)
		}
		return memoryLimit{bytes: n, from: "$" + EnvMemoryLimit}, nil
	}
	for _, f := range cgroupLimitFiles(cgroupRoot, selfCgroup) {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		s := strings.TrimSpace(string(data))
		if s == "max" {
			return memoryLimit{}, nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 || n >= noLimit {
			return memoryLimit{}, nil
		}
		return memoryLimit{bytes: n, from: f}, nil
	}
	return memoryLimit{}, nil
}

// cgroupLimitFiles returns the files that may hold this process's memory
// limit, most specific first: v2's memory.max and v1's
// memory.limit_in_bytes of its own group, then of the root (inside a
// container the group's path is often not mounted).
func cgroupLimitFiles(root string, selfCgroup []byte) []string {
	var files []string
	sc := bufio.NewScanner(bytes.NewReader(selfCgroup))
	for sc.Scan() {
		// hierarchy-ID:controllers:path
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case parts[0] == "0" && parts[1] == "":
			files = append(files, filepath.Join(root, parts[2], "memory.max"))
		case strings.Contains(","+parts[1]+",", ",memory,"):
			files = append(files, filepath.Join(root, "memory", parts[2], "memory.limit_in_bytes"))
		}
	}
	return append(files, filepath.Join(root, "memory.max"), filepath.Join(root, "memory", "memory.limit_in_bytes"))
}

// parseBytes reads a size as GOMEMLIMIT writes it: a number of bytes,
// optionally followed by B, KiB, MiB, GiB or TiB.
func parseBytes(s string) (int64, error) {
	units := []struct {
		suffix string
		shift  uint
	}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}}
	shift := uint(0)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, shift = rest, u.shift
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("not a positive size")
	}
	if n > (1<<62)>>shift {
		return 0, fmt.Errorf("too large")
	}
	return n << shift, nil
}

// workerEnv returns env with GOMEMLIMIT set for the worker: the limit less
// memoryHeadroom, and at least half the limit, so that the Go runtime
// collects harder as the worker nears the limit instead of being killed
// at it. A GOMEMLIMIT the user set is kept.
func (m memoryLimit) workerEnv(env []string) []string {
	if m.bytes == 0 {
		return env
	}
	for _, kv := range env {
		if strings.HasPrefix(kv, "GOMEMLIMIT=") {
			return env
		}
	}
	return append(env, "GOMEMLIMIT="+strconv.FormatInt(max(m.bytes-memoryHeadroom, m.bytes/2), 10))
}

// String describes the limit for messages: "2.0 GiB (from $NNBOOK_MEMORY_LIMIT)".
func (m memoryLimit) String() string {
	if m.bytes == 0 {
		return "no memory limit known"
	}
	return fmt.Sprintf("%.1f GiB (from %s)", float64(m.bytes)/(1<<30), m.from)
}

// outOfMemory is the error name of a cell whose worker ran out of memory.
const outOfMemory = "OutOfMemory"

// oomWhy says that the worker ran out of memory, with the limit and what
// to do.
func (m memoryLimit) oomWhy(what string) string {
	return fmt.Sprintf("%s: the worker ran out of memory (%s); use less memory in one cell (smaller batches, fewer copies), or raise $%s or the memory limit of the server", what, m, EnvMemoryLimit)
}

// killed reports whether the worker's exit error is a SIGKILL.
func killed(exitErr error) bool {
	var ee *exec.ExitError
	if !errors.As(exitErr, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}
