package program

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nnbook/nnbook/kernel/contract"
)

// warmPackages are the packages a first notebook cell is likely to import.
var warmPackages = []string{
	"fmt",
	"gonum.org/v1/gonum/mat",
	"gonum.org/v1/plot",
	"gonum.org/v1/plot/plotter",
	"gonum.org/v1/plot/vg",
	"github.com/janpfeifer/gonb/gonbui",
}

// WarmCache builds, the way cells are built, a program that imports the
// packages notebooks use most (gonum's mat, gonum/plot, gonbui and, when
// cfg.ProjectDir has it, nnkit), so that the build cache holds them and the
// first real cell is fast. Without cfg.ProjectDir only the standard library
// is warmed.
func WarmCache(ctx context.Context, cfg Config) error {
	s, err := NewSession(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	pkgs := []string{"fmt"}
	if cfg.ProjectDir != "" {
		pkgs = warmPackages
		if _, err := os.Stat(filepath.Join(cfg.ProjectDir, "nnkit")); err == nil {
			pkgs = append(pkgs, "github.com/nnbook/nnbook/nnkit")
		}
	}
	var code strings.Builder
	code.WriteString("import (\n")
	for _, p := range pkgs {
		code.WriteString("\t_ \"" + p + "\"\n")
	}
	code.WriteString(")\n")
	res := s.Execute(ctx, contract.Request{Code: code.String()}, contract.Discard)
	if res.Err != nil {
		return fmt.Errorf("cell: warm the build cache: %w", res.Err)
	}
	return nil
}
