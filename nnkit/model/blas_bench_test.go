//go:build nnbook_blas

package model_test

import (
	"fmt"
	"os"

	"github.com/nnbook/nnbook/gpu/backend"
)

// Built with -tags nnbook_blas, the benchmarks of this package run on the
// BLAS that $NNBOOK_BLAS names (go, cpu, cuda or auto; see package
// gpu/backend), so that nnkit and the plain gonum loop are compared on the
// same fast BLAS: internal/blasbench/run.sh does so. nnkit itself never
// imports gpu; this file is compiled only with the tag.
func init() {
	b, err := backend.UseDefault()
	if err != nil {
		fmt.Fprintln(os.Stderr, "nnkit/model benchmarks:", err)
		os.Exit(2)
	}
	fmt.Fprintln(os.Stderr, "nnkit/model benchmarks: BLAS", b)
}
