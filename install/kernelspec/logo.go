package kernelspec

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
)

// logoSizes are the logo sizes Jupyter front ends look for in a kernelspec.
var logoSizes = []int{32, 64}

// logoName returns the kernelspec file name of the logo of the given size.
func logoName(size int) string { return fmt.Sprintf("logo-%dx%d.png", size, size) }

// The logo is a small neural network, 2 → 3 → 1 neurons with all their
// connections, drawn in white on a rounded square in Go's blue. Coordinates
// are fractions of the logo's side.
var (
	logoBlue   = color.NRGBA{R: 0x00, G: 0xAD, B: 0xD8, A: 0xFF}
	logoWhite  = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	logoLayers = [][]point{
		{{0.22, 0.34}, {0.22, 0.66}},
		{{0.50, 0.22}, {0.50, 0.50}, {0.50, 0.78}},
		{{0.78, 0.50}},
	}
)

const (
	logoCorner     = 0.20 // radius of the background's corners
	logoNodeRadius = 0.085
	logoEdgeWidth  = 0.045
	logoEdgeAlpha  = 0.75
	logoSamples    = 4 // samples per pixel along each axis (anti-aliasing)
)

type point struct{ x, y float64 }

// logoPNG draws the logo at size×size pixels and encodes it as PNG.
func logoPNG(size int) ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, drawLogo(size)); err != nil {
		return nil, fmt.Errorf("kernelspec: encode logo: %w", err)
	}
	return buf.Bytes(), nil
}

// drawLogo renders the logo by sampling each pixel logoSamples² times and
// averaging the premultiplied colours.
func drawLogo(size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	n := float64(logoSamples * logoSamples)
	for py := range size {
		for px := range size {
			var r, g, b, a float64
			for sy := range logoSamples {
				for sx := range logoSamples {
					x := (float64(px) + (float64(sx)+0.5)/logoSamples) / float64(size)
					y := (float64(py) + (float64(sy)+0.5)/logoSamples) / float64(size)
					c := logoAt(x, y)
					// Accumulate premultiplied by alpha.
					r += c.r * c.a
					g += c.g * c.a
					b += c.b * c.a
					a += c.a
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(math.Round(r / a * 255)),
				G: uint8(math.Round(g / a * 255)),
				B: uint8(math.Round(b / a * 255)),
				A: uint8(math.Round(a / n * 255)),
			})
		}
	}
	return img
}

// rgba is a colour with components in [0, 1], not premultiplied.
type rgba struct{ r, g, b, a float64 }

func toRGBA(c color.NRGBA) rgba {
	return rgba{float64(c.R) / 255, float64(c.G) / 255, float64(c.B) / 255, float64(c.A) / 255}
}

// over composites src with opacity alpha over dst.
func over(dst, src rgba, alpha float64) rgba {
	a := alpha * src.a
	return rgba{
		r: src.r*a + dst.r*(1-a),
		g: src.g*a + dst.g*(1-a),
		b: src.b*a + dst.b*(1-a),
		a: dst.a,
	}
}

// logoAt returns the logo's colour at (x, y) in the unit square.
func logoAt(x, y float64) rgba {
	if !inRoundedSquare(x, y, logoCorner) {
		return rgba{}
	}
	c := toRGBA(logoBlue)
	white := toRGBA(logoWhite)
	// Neurons lie on top of their connections.
	for _, layer := range logoLayers {
		for _, p := range layer {
			if math.Hypot(x-p.x, y-p.y) <= logoNodeRadius {
				return white
			}
		}
	}
	for i := 0; i+1 < len(logoLayers); i++ {
		for _, p := range logoLayers[i] {
			for _, q := range logoLayers[i+1] {
				if distToSegment(point{x, y}, p, q) <= logoEdgeWidth/2 {
					return over(c, white, logoEdgeAlpha)
				}
			}
		}
	}
	return c
}

// inRoundedSquare reports whether (x, y) lies in the unit square with
// corners rounded to radius r.
func inRoundedSquare(x, y, r float64) bool {
	if x < 0 || x > 1 || y < 0 || y > 1 {
		return false
	}
	cx := math.Min(math.Max(x, r), 1-r)
	cy := math.Min(math.Max(y, r), 1-r)
	return math.Hypot(x-cx, y-cy) <= r
}

// distToSegment returns the distance from p to the segment ab.
func distToSegment(p, a, b point) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	t := ((p.x-a.x)*dx + (p.y-a.y)*dy) / (dx*dx + dy*dy)
	t = math.Min(math.Max(t, 0), 1)
	return math.Hypot(p.x-(a.x+t*dx), p.y-(a.y+t*dy))
}
