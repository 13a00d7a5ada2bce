package display_test

import (
	"context"
	"testing"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/display"
)

// BenchmarkStartClose measures what the pipes add to every cell run: two
// FIFOs, three pipes and their goroutines, for a program that never
// displays anything.
func BenchmarkStartClose(b *testing.B) {
	cfg := display.Config{
		Dir:  b.TempDir(),
		Sink: contract.Discard,
	}
	for b.Loop() {
		p, err := display.Start(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		if err := p.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
