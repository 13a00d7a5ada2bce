package program_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/kernel/program"
)

func TestWarmCache(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gonum, gonum/plot and gonbui when the cache is cold")
	}
	if err := program.WarmCache(context.Background(), program.Config{ProjectDir: "../.."}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := program.WarmCache(ctx, program.Config{ProjectDir: "../.."})
	if err == nil || !strings.HasPrefix(err.Error(), "cell: warm the build cache: Interrupted") {
		t.Errorf("cancelled WarmCache: err = %v, want an interrupted error", err)
	}
}
