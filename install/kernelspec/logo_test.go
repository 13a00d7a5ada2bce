package kernelspec

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/nnbook/nnbook/internal/golden"
)

// logoTolerance is the largest difference allowed per colour channel between
// a drawn logo and its golden image: floating-point rounding may differ by
// one step across architectures (fused multiply-add).
const logoTolerance = 2

func TestLogoGolden(t *testing.T) {
	for _, size := range logoSizes {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			data, err := logoPNG(size)
			if err != nil {
				t.Fatal(err)
			}
			got, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("logo is not a PNG: %v", err)
			}
			if b := got.Bounds(); b.Dx() != size || b.Dy() != size {
				t.Fatalf("logo is %dx%d, want %dx%d", b.Dx(), b.Dy(), size, size)
			}
			path := filepath.Join("testdata", logoName(size))
			if golden.Updating() {
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			defer f.Close()
			want, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			if d := maxChannelDiff(got, want); d > logoTolerance {
				t.Errorf("logo differs from %s by %d per channel, want at most %d (go test -update rewrites it)", path, d, logoTolerance)
			}
		})
	}
}

// TestLogoShape checks the drawing against its geometry: transparent
// corners, Go blue between the shapes, white neurons.
func TestLogoShape(t *testing.T) {
	const size = 64
	img := drawLogo(size)
	at := func(x, y float64) (r, g, b, a uint8) {
		c := img.NRGBAAt(int(x*size), int(y*size))
		return c.R, c.G, c.B, c.A
	}
	if _, _, _, a := at(0, 0); a != 0 {
		t.Errorf("top-left corner alpha = %d, want 0 (rounded corner)", a)
	}
	if r, g, b, a := at(0.5, 0.05); r != logoBlue.R || g != logoBlue.G || b != logoBlue.B || a != 0xFF {
		t.Errorf("background = %d,%d,%d,%d, want Go blue %v", r, g, b, a, logoBlue)
	}
	for _, layer := range logoLayers {
		for _, p := range layer {
			if r, g, b, a := at(p.x, p.y); r != 0xFF || g != 0xFF || b != 0xFF || a != 0xFF {
				t.Errorf("neuron at (%.2f, %.2f) = %d,%d,%d,%d, want white", p.x, p.y, r, g, b, a)
			}
		}
	}
}

func TestDistToSegment(t *testing.T) {
	a, b := point{0, 0}, point{1, 0}
	tests := []struct {
		p    point
		want float64
	}{
		{point{0.5, 0.5}, 0.5}, // above the middle
		{point{-3, 4}, 5},      // beyond a: distance to a
		{point{4, 4}, 5},       // beyond b: distance to b
		{point{0.25, 0}, 0},    // on the segment
	}
	for _, tt := range tests {
		if got := distToSegment(tt.p, a, b); got != tt.want {
			t.Errorf("distToSegment(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

func maxChannelDiff(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return 1 << 16
	}
	worst := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			for _, d := range []int{diff(r1, r2), diff(g1, g2), diff(b1, b2), diff(a1, a2)} {
				worst = max(worst, d>>8)
			}
		}
	}
	return worst
}

func diff(a, b uint32) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}
