package nnplot

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// isolines is a plotter of contour lines traced by marching squares on a
// funcGrid. gonum/plot's plotter.Contour keeps its paths in maps and strokes
// them in map order, which Go randomises, so identical inputs gave PNGs that
// differed in anti-aliased pixels where lines meet; isolines traces and
// strokes in a fixed order (level, then the grid cell where a line starts),
// so a figure is the same bytes every run.
type isolines struct {
	g      *funcGrid
	levels []float64
	styles []draw.LineStyle // styles[i] draws levels[i]
	lines  [][]plotter.XYs  // lines[i] are the polylines of levels[i]
}

func newIsolines(g *funcGrid, levels []float64, styles []draw.LineStyle) *isolines {
	l := &isolines{g: g, levels: levels, styles: styles, lines: make([][]plotter.XYs, len(levels))}
	for i, z := range levels {
		l.lines[i] = traceLevel(g, z)
	}
	return l
}

// Plot strokes the lines, level by level.
func (l *isolines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, lines := range l.lines {
		c.SetLineStyle(l.styles[i])
		for _, xys := range lines {
			var path vg.Path
			for j, pt := range xys {
				q := vg.Point{X: trX(pt.X), Y: trY(pt.Y)}
				if j == 0 {
					path.Move(q)
				} else {
					path.Line(q)
				}
			}
			if len(xys) > 2 && xys[0] == xys[len(xys)-1] {
				path.Close()
			}
			c.Stroke(path)
		}
	}
}

// DataRange is the area of the grid.
func (l *isolines) DataRange() (xmin, xmax, ymin, ymax float64) {
	return l.g.xMin, l.g.xMax, l.g.yMin, l.g.yMax
}

// segment joins two crossing points of one level, on two grid edges.
type segment struct {
	edges [2]int // edge ids, see traceLevel
	pts   [2]plotter.XY
}

// traceLevel returns the polylines where F crosses level z on the grid of
// samples: marching squares, with linear interpolation along the cell
// edges and the cell's mean deciding the two saddle cases. Cells with a
// non-finite sample draw nothing. Polylines that close on themselves end
// with their first point.
func traceLevel(g *funcGrid, z float64) []plotter.XYs {
	cols, rows := g.Dims()
	// Edge ids: the horizontal edge from sample (c, r) to (c+1, r) is
	// r*cols + c; the vertical edge from (c, r) to (c, r+1) is
	// cols*rows + r*cols + c.
	hEdge := func(c, r int) int { return r*cols + c }
	vEdge := func(c, r int) int { return cols*rows + r*cols + c }
	cross := func(c0, r0, c1, r1 int) plotter.XY {
		a, b := g.Z(c0, r0), g.Z(c1, r1)
		t := (z - a) / (b - a)
		return plotter.XY{
			X: g.X(c0) + t*(g.X(c1)-g.X(c0)),
			Y: g.Y(r0) + t*(g.Y(r1)-g.Y(r0)),
		}
	}
	var segs []segment
	for r := 0; r+1 < rows; r++ {
		for c := 0; c+1 < cols; c++ {
			z00, z10, z11, z01 := g.Z(c, r), g.Z(c+1, r), g.Z(c+1, r+1), g.Z(c, r+1)
			if !finite(z00) || !finite(z10) || !finite(z11) || !finite(z01) {
				continue
			}
			above := [4]bool{z00 > z, z10 > z, z11 > z, z01 > z}
			// The cell's edges in order bottom, right, top, left, and
			// whether the level crosses each.
			type edge struct {
				id  int
				pt  func() plotter.XY
				cut bool
			}
			edges := [4]edge{
				{hEdge(c, r), func() plotter.XY { return cross(c, r, c+1, r) }, above[0] != above[1]},
				{vEdge(c+1, r), func() plotter.XY { return cross(c+1, r, c+1, r+1) }, above[1] != above[2]},
				{hEdge(c, r+1), func() plotter.XY { return cross(c, r+1, c+1, r+1) }, above[3] != above[2]},
				{vEdge(c, r), func() plotter.XY { return cross(c, r, c, r+1) }, above[0] != above[3]},
			}
			var cut []int
			for i, e := range edges {
				if e.cut {
					cut = append(cut, i)
				}
			}
			var pairs [][2]int
			switch len(cut) {
			case 2:
				pairs = [][2]int{{cut[0], cut[1]}}
			case 4:
				// A saddle: corners 00 and 11 on one side, 10 and 01 on the
				// other. Cut off the two corners on the side the centre is
				// not on.
				centreAbove := (z00+z10+z11+z01)/4 > z
				if above[0] == centreAbove {
					pairs = [][2]int{{0, 1}, {2, 3}} // cut off corners 10 and 01
				} else {
					pairs = [][2]int{{3, 0}, {1, 2}} // cut off corners 00 and 11
				}
			}
			for _, pr := range pairs {
				a, b := edges[pr[0]], edges[pr[1]]
				segs = append(segs, segment{edges: [2]int{a.id, b.id}, pts: [2]plotter.XY{a.pt(), b.pt()}})
			}
		}
	}
	return joinSegments(segs)
}

// joinSegments chains segments that share an edge into polylines, starting
// each at the first unused segment in grid order.
func joinSegments(segs []segment) []plotter.XYs {
	// Every crossed edge belongs to at most two segments (its two cells).
	onEdge := make(map[int][]int, 2*len(segs))
	for i, s := range segs {
		for _, e := range s.edges {
			onEdge[e] = append(onEdge[e], i)
		}
	}
	used := make([]bool, len(segs))
	// next returns the unused segment at edge e other than i, and the point
	// and edge at its far end.
	next := func(e int) (int, bool) {
		for _, j := range onEdge[e] {
			if !used[j] {
				return j, true
			}
		}
		return 0, false
	}
	// walk extends from edge e, appending points, until the line ends.
	walk := func(e int, xys plotter.XYs) plotter.XYs {
		for {
			j, ok := next(e)
			if !ok {
				return xys
			}
			used[j] = true
			s := segs[j]
			if s.edges[0] == e {
				xys, e = append(xys, s.pts[1]), s.edges[1]
			} else {
				xys, e = append(xys, s.pts[0]), s.edges[0]
			}
		}
	}
	var lines []plotter.XYs
	for i, s := range segs {
		if used[i] {
			continue
		}
		used[i] = true
		fwd := walk(s.edges[1], plotter.XYs{s.pts[0], s.pts[1]})
		back := walk(s.edges[0], nil)
		line := make(plotter.XYs, 0, len(back)+len(fwd))
		for k := len(back) - 1; k >= 0; k-- {
			line = append(line, back[k])
		}
		lines = append(lines, append(line, fwd...))
	}
	return lines
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
