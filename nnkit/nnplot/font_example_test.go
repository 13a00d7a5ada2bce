package nnplot_test

import (
	"fmt"
	"log"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"

	"github.com/nnbook/nnbook/nnkit/nnplot"
)

// ExampleGothic draws a plain gonum/plot figure titled in Japanese and
// English: importing nnplot made Gothic gonum/plot's default font.
func ExampleGothic() {
	p := plot.New()
	p.Title.Text = "損失曲線 (loss curve)"
	p.X.Label.Text = "エポック (epoch)"
	p.Y.Label.Text = "損失 L(w₁, w₂)"
	xys := make(plotter.XYs, 50)
	for i := range xys {
		xys[i] = plotter.XY{X: float64(i + 1), Y: math.Exp(-float64(i) / 10)}
	}
	line, err := plotter.NewLine(xys)
	if err != nil {
		log.Fatal(err)
	}
	p.Add(line)
	p.Legend.Add("訓練 (train)", line)
	if err := nnplot.Save("testdata/japanese.png", p); err != nil {
		log.Fatal(err)
	}
	fmt.Println(plot.DefaultFont == nnplot.Gothic)
	// Output:
	// true
}

// ExampleUseFont switches every later figure to another font in
// font.DefaultCache (here gonum/plot's Liberation Sans, which has no
// Japanese glyphs; fonts/README.md shows how to add the original IPAex
// Gothic) and back.
func ExampleUseFont() {
	nnplot.UseFont(font.Font{Typeface: "Liberation", Variant: "Sans"})
	fmt.Println(plot.New().Title.TextStyle.Font.Name())
	nnplot.UseFont(nnplot.Gothic)
	fmt.Println(plot.New().Title.TextStyle.Font.Name())
	// Output:
	// LiberationSans-Regular
	// nnbookGothic-Regular
}
