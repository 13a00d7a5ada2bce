package live

import (
	"go/types"
)

// Import paths of gonum/plot, whose *plot.Plot a cell's value may be.
const (
	plotPath = "gonum.org/v1/plot"
	vgPath   = "gonum.org/v1/plot/vg"
)

// isPlot reports whether t is *plot.Plot.
func isPlot(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := p.Elem().(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == plotPath && n.Obj().Name() == "Plot"
}

// plotHelper shows a *plot.Plot: the worker renders values with a PNG
// method as image/png.
const plotHelper = `// nnbookPlotValue is the value shown for p: a nil plot shows as such.
func nnbookPlotValue(p *%s.Plot) any {
	if p == nil {
		return p
	}
	return nnbookPlot{p}
}

// nnbookPlot shows a plot as a PNG image of 6 × 4 inches.
type nnbookPlot struct{ p *%s.Plot }

func (p nnbookPlot) PNG() []byte {
	w, err := p.p.WriterTo(6*%s.Inch, 4*%s.Inch, "png")
	if err != nil {
		panic(err)
	}
	var b nbi_bytes.Buffer
	if _, err := w.WriteTo(&b); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func (p nnbookPlot) String() string {
	if p.p.Title.Text == "" {
		return "plot"
	}
	return "plot: " + p.p.Title.Text
}

`
