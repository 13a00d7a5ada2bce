package cell_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/kernel/cell"
)

func TestWarmCache(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gonum, gonum/plot and gonbui when the cache is cold")
	}
	if err := cell.WarmCache(context.Background(), cell.Config{ProjectDir: "../.."}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := cell.WarmCache(ctx, cell.Config{ProjectDir: "../.."})
	if err == nil || !strings.HasPrefix(err.Error(), "cell: warm the build cache: Interrupted") {
		t.Errorf("cancelled WarmCache: err = %v, want an interrupted error", err)
	}
}
