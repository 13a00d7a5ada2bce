package nnplot

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnbook/nnbook/nnkit"
)

// Trajectory is a named path of points (x, y), such as the parameters an
// optimizer visits on a 2-D loss surface, one point per step.
type Trajectory struct {
	Name   string
	Points [][2]float64
}

// Path makes a Trajectory from points given as slices of length ≥ 2 (the
// first two coordinates are used), the shape optimizer traces often have.
func Path(name string, points [][]float64) Trajectory {
	t := Trajectory{Name: name, Points: make([][2]float64, len(points))}
	for i, p := range points {
		if len(p) < 2 {
			nnkit.Panicf("nnplot: Path %q: point %d has %d coordinates, want 2", name, i, len(p))
		}
		t.Points[i] = [2]float64{p[0], p[1]}
	}
	return t
}

// VectorFunc adapts a function of a 2-vector, such as the loss surfaces of
// the optimizer chapter (f(θ) with θ = (θ₁, θ₂)), to the F of a Contour.
func VectorFunc(f func(x []float64) float64) func(x, y float64) float64 {
	return func(x, y float64) float64 { return f([]float64{x, y}) }
}

// Contour is a contour plot of a function of two variables, with optional
// trajectories drawn over it. The lines are traced by marching squares on a
// 120×120 grid of samples and drawn in a fixed order, so identical inputs
// give identical images.
type Contour struct {
	// Title is drawn above the plot.
	Title string
	// F is the function, for example a loss surface f(w₁, w₂).
	F func(x, y float64) float64
	// XMin, XMax, YMin and YMax bound the plotted area. When XMin == XMax
	// (or YMin == YMax) the range is taken from the trajectories with a 10%
	// margin, or [-1, 1] without trajectories.
	XMin, XMax, YMin, YMax float64
	// Levels is the number of contour lines. Default: 12 when zero.
	Levels int
	// Log spaces the levels geometrically above the minimum, for functions
	// such as Rosenbrock's whose valley is much flatter than the walls.
	Log bool
	// Trajectories are drawn on top, each in its own colour, with a circle
	// at the start and a cross at the end.
	Trajectories []Trajectory
}

// contourCells is the number of grid cells along each axis at which Contour
// evaluates F.
const contourCells = 120

// trajectoryColors are distinct from the contour lines' colours.
var trajectoryColors = []color.Color{rgb(0xd62728), color.Black, rgb(0xff7f0e), rgb(0xe377c2), rgb(0x17becf)}

// Plot draws the contour lines and the trajectories.
func (c Contour) Plot() *plot.Plot {
	xMin, xMax, yMin, yMax := c.XMin, c.XMax, c.YMin, c.YMax
	if xMin == xMax || yMin == yMax {
		txMin, txMax, tyMin, tyMax := trajectoryBounds(c.Trajectories)
		if xMin == xMax {
			xMin, xMax = txMin, txMax
		}
		if yMin == yMax {
			yMin, yMax = tyMin, tyMax
		}
	}
	g := &funcGrid{xMin: xMin, xMax: xMax, yMin: yMin, yMax: yMax, z: make([]float64, contourCells*contourCells)}
	zMin, zMax := math.Inf(1), math.Inf(-1)
	for r := range contourCells {
		for col := range contourCells {
			z := c.F(g.X(col), g.Y(r))
			g.z[r*contourCells+col] = z
			if !math.IsNaN(z) && !math.IsInf(z, 0) {
				zMin, zMax = math.Min(zMin, z), math.Max(zMax, z)
			}
		}
	}
	p := newPlot(c.Title, "x", "y")
	if zMin < zMax {
		levels := c.levels(zMin, zMax)
		// One style per level, coloured by rank: plotter.Contour would pick
		// palette colours by value, which crowds geometric levels into the
		// first colour.
		styles := make([]draw.LineStyle, len(levels))
		for i := range levels {
			styles[i] = draw.LineStyle{Color: along(viridis, float64(i)/float64(max(1, len(levels)-1))), Width: vg.Points(1)}
		}
		p.Add(newIsolines(g, levels, styles))
	}
	var avoid []plotter.XYs
	for i, t := range c.Trajectories {
		col := trajectoryColors[i%len(trajectoryColors)]
		xys := make(plotter.XYs, len(t.Points))
		for j, pt := range t.Points {
			xys[j] = plotter.XY{X: pt[0], Y: pt[1]}
		}
		l := &plotter.Line{XYs: xys, LineStyle: draw.LineStyle{Color: col, Width: vg.Points(1.8)}}
		p.Add(l)
		if len(xys) > 0 && len(xys) <= 200 {
			dots := &plotter.Scatter{XYs: xys, GlyphStyle: draw.GlyphStyle{Color: col, Radius: vg.Points(1.6), Shape: draw.CircleGlyph{}}}
			p.Add(dots)
		}
		if len(xys) > 0 {
			start := &plotter.Scatter{XYs: xys[:1], GlyphStyle: draw.GlyphStyle{Color: col, Radius: vg.Points(4), Shape: draw.RingGlyph{}}}
			end := &plotter.Scatter{XYs: xys[len(xys)-1:], GlyphStyle: draw.GlyphStyle{Color: col, Radius: vg.Points(5), Shape: draw.CrossGlyph{}}}
			p.Add(start, end)
		}
		p.Legend.Add(t.Name, l)
		avoid = append(avoid, xys)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xMin, xMax, yMin, yMax
	p.X.Padding, p.Y.Padding = 0, 0 // the contour lines reach the axes
	return finish(p, len(c.Trajectories) > 0, avoid...)
}

// levels returns the contour levels between zMin and zMax.
func (c Contour) levels(zMin, zMax float64) []float64 {
	n := c.Levels
	if n <= 0 {
		n = 12
	}
	levels := make([]float64, n)
	for i := range levels {
		t := (float64(i) + 0.5) / float64(n) // avoid the extremes, where lines degenerate to points
		if c.Log {
			// Geometric steps from 10⁻³·span to span above the minimum.
			levels[i] = zMin + (zMax-zMin)*math.Pow(1e-3, 1-t)
		} else {
			levels[i] = zMin + t*(zMax-zMin)
		}
	}
	return levels
}

// trajectoryBounds returns the range of the trajectories' points with a 10%
// margin, or [-1, 1]² when there are none.
func trajectoryBounds(ts []Trajectory) (xMin, xMax, yMin, yMax float64) {
	xMin, xMax, yMin, yMax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, t := range ts {
		for _, p := range t.Points {
			xMin, xMax = math.Min(xMin, p[0]), math.Max(xMax, p[0])
			yMin, yMax = math.Min(yMin, p[1]), math.Max(yMax, p[1])
		}
	}
	if xMin > xMax {
		return -1, 1, -1, 1
	}
	widen := func(lo, hi float64) (float64, float64) {
		m := 0.1 * (hi - lo)
		if m == 0 {
			m = 1
		}
		return lo - m, hi + m
	}
	xMin, xMax = widen(xMin, xMax)
	yMin, yMax = widen(yMin, yMax)
	return xMin, xMax, yMin, yMax
}

// funcGrid holds F sampled at the centres of contourCells² cells; it
// implements plotter.GridXYZ.
type funcGrid struct {
	xMin, xMax, yMin, yMax float64
	z                      []float64 // row-major, row r at Y(r)
}

func (g *funcGrid) Dims() (c, r int)   { return contourCells, contourCells }
func (g *funcGrid) Z(c, r int) float64 { return g.z[r*contourCells+c] }
func (g *funcGrid) X(c int) float64 {
	return g.xMin + (float64(c)+0.5)*(g.xMax-g.xMin)/contourCells
}
func (g *funcGrid) Y(r int) float64 {
	return g.yMin + (float64(r)+0.5)*(g.yMax-g.yMin)/contourCells
}

// viridis anchors, cut before the yellow end, which is invisible on white.
var viridis = []color.RGBA{rgb(0x440154), rgb(0x3b528b), rgb(0x21918c), rgb(0x5ec962), rgb(0xb5de2b)}

// along interpolates linearly between the anchors at t ∈ [0, 1].
func along(anchors []color.RGBA, t float64) color.RGBA {
	s := t * float64(len(anchors)-1)
	i := min(int(s), len(anchors)-2)
	f := s - float64(i)
	a, b := anchors[i], anchors[i+1]
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*(1-f) + float64(y)*f + 0.5) }
	return color.RGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 0xff}
}
