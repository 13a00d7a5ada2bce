package nnplot

import (
	"bytes"
	"math"
	"testing"
)

// TestTraceLevelCircle checks marching squares against the exact level
// sets of f = x² + y²: circles of radius √z, each one closed polyline whose
// points lie within the interpolation error of the circle.
func TestTraceLevelCircle(t *testing.T) {
	g := &funcGrid{xMin: -2, xMax: 2, yMin: -2, yMax: 2, z: make([]float64, contourCells*contourCells)}
	for r := range contourCells {
		for c := range contourCells {
			g.z[r*contourCells+c] = g.X(c)*g.X(c) + g.Y(r)*g.Y(r)
		}
	}
	for _, z := range []float64{0.25, 1, 2.5} {
		lines := traceLevel(g, z)
		if len(lines) != 1 {
			t.Fatalf("level %v: %d polylines, want one circle", z, len(lines))
		}
		line := lines[0]
		if line[0] != line[len(line)-1] {
			t.Errorf("level %v: the circle is not closed: starts %v, ends %v", z, line[0], line[len(line)-1])
		}
		cell := 4.0 / contourCells
		for _, p := range line {
			if d := math.Abs(math.Hypot(p.X, p.Y) - math.Sqrt(z)); d > cell*cell {
				t.Errorf("level %v: point %v is %.2g from the circle of radius %.3g", z, p, d, math.Sqrt(z))
			}
		}
		// The circumference of the polyline approaches 2π√z.
		var length float64
		for i := 1; i < len(line); i++ {
			length += math.Hypot(line[i].X-line[i-1].X, line[i].Y-line[i-1].Y)
		}
		if want := 2 * math.Pi * math.Sqrt(z); math.Abs(length-want) > 0.01*want {
			t.Errorf("level %v: polyline length %.4f, want 2π√z = %.4f", z, length, want)
		}
	}
	// A saddle x² − y² at level 0.5 has two branches, neither closed.
	for r := range contourCells {
		for c := range contourCells {
			g.z[r*contourCells+c] = g.X(c)*g.X(c) - g.Y(r)*g.Y(r)
		}
	}
	if lines := traceLevel(g, 0.5); len(lines) != 2 {
		t.Errorf("saddle: %d polylines, want the two branches of the hyperbola", len(lines))
	}
}

// TestContourDeterministic renders the same contour plot several times:
// the PNG and SVG bytes must be identical. gonum/plot's plotter.Contour
// strokes its paths in map order: its SVG differed on every render of this
// surface.
func TestContourDeterministic(t *testing.T) {
	f := func(x, y float64) float64 { return x*x - y*y + 0.3*x*y*y*y }
	var first []byte
	for i := range 4 {
		p := Contour{Title: "saddle", F: f, XMin: -2, XMax: 2, YMin: -2, YMax: 2}.Plot()
		png, err := PNG(p)
		if err != nil {
			t.Fatal(err)
		}
		svg, err := SVG(p)
		if err != nil {
			t.Fatal(err)
		}
		b := append(png, svg...)
		if i == 0 {
			first = b
		} else if !bytes.Equal(b, first) {
			t.Fatalf("render %d differs from the first", i+1)
		}
	}
}
