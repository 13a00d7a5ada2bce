package backend

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/nnbook/nnbook/gpu"
	"github.com/nnbook/nnbook/gpu/cpublas"
)

// Choice is a backend Use can be asked for, and whether it can be used on
// this machine.
type Choice struct {
	// Name is Go, CPU, CUDA or Auto.
	Name string
	// Detail says what the backend computes with, as Backend.Detail does;
	// for Auto, the backend it picks.
	Detail string
	// Err says why Use(Name) fails here; nil when it would succeed.
	Err error
}

// Choices probes every backend, in the order of [Names]: Go always works;
// CPU loads a CPU BLAS library, and CUDA opens the device and closes it
// again, unless that backend is the one in use; Auto says which of the
// others it picks. Nothing is installed.
func Choices() []Choice {
	cur := Current()
	out := []Choice{{Name: Go, Detail: pureGo().Detail}}

	cpu := Choice{Name: CPU}
	if cur.Name == CPU {
		cpu.Detail = cur.Detail
	} else if impl, err := cpublas.New(); err != nil {
		cpu.Err = err
	} else {
		cpu.Detail = impl.String()
	}
	out = append(out, cpu)

	cuda := Choice{Name: CUDA}
	if cur.Name == CUDA {
		cuda.Detail = cur.Detail
	} else {
		cuda.Detail, cuda.Err = probeDevice()
	}
	out = append(out, cuda)

	auto := Choice{Name: Auto, Detail: CPU}
	if cpu.Err != nil {
		auto.Detail = Go + " (no CPU library loads)"
	}
	return append(out, auto)
}

// probeDevice describes the CUDA device, opening it and closing it again.
func probeDevice() (string, error) {
	impl, err := gpu.New()
	if err != nil {
		return "", err
	}
	info, err := impl.Info()
	return info.String(), errors.Join(err, impl.Close())
}

// Report describes the BLAS in use and every backend's availability, as
// the kernel's %blas shows it:
//
//	BLAS in use: cpu: OpenBLAS 0.3.21 …, 2 threads (/usr/lib/x86_64-linux-gnu/libopenblas.so.0)
//	NNBOOK_BLAS: unset (auto)
//	Backends on this machine:
//	  go    yes  gonum's pure-Go BLAS, reproducible bit for bit
//	  cpu   yes  OpenBLAS 0.3.21 …, 2 threads (/usr/lib/x86_64-linux-gnu/libopenblas.so.0)
//	  cuda  no   gpu: no CUDA device: library libcudart not found (…)
//	  auto  → cpu
//
// Pure Go computes a product on up to GOMAXPROCS goroutines; a library
// with the threads its line gives. Report probes as [Choices] does.
func Report() string {
	var b strings.Builder
	cur := Current()
	fmt.Fprintf(&b, "BLAS in use: %v\n", cur)
	if cur.Name == Go {
		fmt.Fprintf(&b, "  (products run on up to GOMAXPROCS = %d goroutines)\n", runtime.GOMAXPROCS(0))
	}
	env := os.Getenv(EnvBLAS)
	if env == "" {
		env = "unset (auto)"
	}
	fmt.Fprintf(&b, "%s: %s\n", EnvBLAS, env)
	b.WriteString("Backends on this machine:\n")
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, c := range Choices() {
		switch {
		case c.Name == Auto:
			fmt.Fprintf(tw, "  %s\t→ %s\n", c.Name, c.Detail)
		case c.Err != nil:
			fmt.Fprintf(tw, "  %s\tno\t%v\n", c.Name, c.Err)
		default:
			fmt.Fprintf(tw, "  %s\tyes\t%s\n", c.Name, c.Detail)
		}
	}
	tw.Flush()
	return b.String()
}
