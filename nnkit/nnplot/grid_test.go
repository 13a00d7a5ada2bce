package nnplot_test

import (
	"bytes"
	"fmt"
	"image/png"
	"log"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"

	"github.com/nnbook/nnbook/nnkit/nnplot"
)

// A notebook shows a cell value as an image when it has this method set.
var _ interface{ PNG() []byte } = (*nnplot.Grid)(nil)

func TestGridPNG(t *testing.T) {
	relu := nnplot.Func{Name: "ReLU(x)", F: func(x float64) float64 { return max(0, x) }}
	for _, tc := range []struct {
		name          string
		width, height vg.Length
		w, h          int // pixels at DefaultDPI (100)
		text          string
	}{
		{"default size", 0, 0, 640, 420, `[figure "ReLU", 6.4×4.2 in]`},
		{"own size", 3.6 * vg.Inch, 1.8 * vg.Inch, 360, 180, `[figure "ReLU", 3.6×1.8 in]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := nnplot.NewGrid("ReLU", 2, nnplot.Functions("", -1, 1, relu), nnplot.Functions("", -2, 2, relu))
			g.Width, g.Height = tc.width, tc.height
			got := g.PNG()
			img, err := png.Decode(bytes.NewReader(got))
			if err != nil {
				t.Fatalf("PNG() is not a PNG image: %v", err)
			}
			if s := img.Bounds().Size(); s.X != tc.w || s.Y != tc.h {
				t.Errorf("image is %d×%d, want %d×%d", s.X, s.Y, tc.w, tc.h)
			}
			want, err := nnplot.PNG(g)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("PNG() differs from nnplot.PNG of the grid (%d and %d bytes)", len(got), len(want))
			}
			if s := g.String(); s != tc.text {
				t.Errorf("String() = %q, want %q", s, tc.text)
			}
		})
	}
}

func ExampleGrid_PNG() {
	sq := func(x float64) float64 { return x * x }
	g := nnplot.NewGrid("x²", 1, nnplot.Functions("", -1, 1, nnplot.Func{Name: "x²", F: sq}))
	cfg, err := png.DecodeConfig(bytes.NewReader(g.PNG()))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(g)
	fmt.Printf("%d×%d pixels\n", cfg.Width, cfg.Height)
	// Output:
	// [figure "x²", 6.4×4.2 in]
	// 640×420 pixels
}

// TestImageCaptionsFit checks that every image cell is at least as wide as
// its widest caption, so captions of neighbouring images cannot overlap.
func TestImageCaptionsFit(t *testing.T) {
	x := mat.NewDense(6, 4, nil)
	for _, caption := range []string{"7", "正解 7 / 予測 1", "a much longer caption (予測 1, 確信度 0.93)"} {
		labels := []string{caption, caption, caption + "\n2 行目", caption, caption, caption}
		g := nnplot.ImageGrid{X: x, H: 2, W: 2, Labels: labels, Cols: 3}.Grid()
		sty := g.Plots[0][0].Title.TextStyle
		cell := (g.Width-vg.Points(12))/3 - g.Pad
		if w := sty.Width(caption); cell < w {
			t.Errorf("caption %q is %.1f pt wide, cell %.1f pt", caption, w, cell)
		}
	}
}
