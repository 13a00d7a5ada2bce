package nnplot_test

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/internal/golden"
)

// Tolerances of the golden-image comparison. They absorb anti-aliasing
// differences between platforms, not changes of layout, colour or text.
const (
	pixelTolerance = 24    // largest difference of a colour channel (of 255) that counts as equal
	maxDiffShare   = 0.001 // share of pixels that may differ by more
)

// TestGolden runs every plot example, which writes testdata/NAME.png, and
// compares the image with testdata/NAME_golden.png; -update regenerates the
// golden images instead.
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		example func()
		file    string
	}{
		{ExampleFunctions, "functions.png"},
		{ExampleCurves, "curves.png"},
		{ExampleCurves_log, "curves_log.png"},
		{ExampleCurves_logX, "curves_logx.png"},
		{ExampleScatter, "scatter.png"},
		{ExampleDecisionRegions, "regions.png"},
		{ExampleContour, "contour.png"},
		{ExampleContour_log, "contour_log.png"},
		{ExampleHistograms, "histograms.png"},
		{ExampleGradientNorms, "gradient_norms.png"},
		{ExampleConfusionMatrix, "confusion.png"},
		{ExampleImages, "images.png"},
		{ExampleEmbedding, "embedding.png"},
		{ExampleNewGrid, "grid.png"},
		{ExampleHistoryCurves, "history.png"},
		{ExampleActivation_grid, "activations.png"},
		{ExampleMetricCurves, "metric.png"},
		{ExampleProgress_figure, "progress.png"},
		{ExampleGothic, "japanese.png"},
		{ExamplePoints, "points.png"},
		{ExamplePoints_value, "points_value.png"},
		{ExampleImageGrid, "image_grid.png"},
		{ExampleNetwork, "network.png"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			goldenPath := strings.TrimSuffix(path, ".png") + "_golden.png"
			tc.example()
			if golden.Updating() {
				if err := os.Rename(path, goldenPath); err != nil {
					t.Fatal(err)
				}
				return
			}
			got, want := readPNG(t, path), readPNG(t, goldenPath)
			if err := comparePNG(got, want); err != nil {
				t.Errorf("%s differs from %s: %v", path, goldenPath, err)
			}
		})
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return img
}

// comparePNG reports whether got and want have the same size and at most
// maxDiffShare of their pixels differ by more than pixelTolerance.
func comparePNG(got, want image.Image) error {
	if got.Bounds() != want.Bounds() {
		return fmt.Errorf("size %v, want %v", got.Bounds().Size(), want.Bounds().Size())
	}
	b := got.Bounds()
	diff := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if !near(got.At(x, y), want.At(x, y)) {
				diff++
			}
		}
	}
	if share := float64(diff) / float64(b.Dx()*b.Dy()); share > maxDiffShare {
		return fmt.Errorf("%d pixels (%.2f%%) differ, want at most %.2f%%", diff, 100*share, 100*maxDiffShare)
	}
	return nil
}

func near(a, b color.Color) bool {
	ra, ga, ba, aa := a.RGBA()
	rb, gb, bb, ab := b.RGBA()
	for _, d := range [][2]uint32{{ra, rb}, {ga, gb}, {ba, bb}, {aa, ab}} {
		if absDiff(d[0]>>8, d[1]>>8) > pixelTolerance {
			return false
		}
	}
	return true
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// TestComparePNG checks that the comparison itself tells images apart.
func TestComparePNG(t *testing.T) {
	white := image.NewGray(image.Rect(0, 0, 100, 100))
	for i := range white.Pix {
		white.Pix[i] = 255
	}
	dot := image.NewGray(white.Bounds())
	copy(dot.Pix, white.Pix)
	dot.SetGray(5, 5, color.Gray{Y: 0})
	line := image.NewGray(white.Bounds())
	copy(line.Pix, white.Pix)
	for x := range 100 {
		line.SetGray(x, 50, color.Gray{Y: 0})
	}
	faint := image.NewGray(white.Bounds())
	for i := range faint.Pix {
		faint.Pix[i] = 255 - pixelTolerance
	}
	for _, tc := range []struct {
		name      string
		got, want image.Image
		same      bool
	}{
		{"identical", white, white, true},
		{"one pixel of 10000", dot, white, true},
		{"faint everywhere", faint, white, true},
		{"a line", line, white, false},
		{"other size", image.NewGray(image.Rect(0, 0, 100, 99)), white, false},
	} {
		if err := comparePNG(tc.got, tc.want); (err == nil) != tc.same {
			t.Errorf("%s: comparePNG = %v, want same=%v", tc.name, err, tc.same)
		}
	}
}
