package nnplot_test

import (
	"bytes"
	"fmt"
	"image/png"
	"log"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit/metric"
	"github.com/nnbook/nnbook/nnkit/nnplot"
)

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// blobs returns n points around each of the centres, with their classes.
func blobs(rng *rand.Rand, n int, spread float64, centres ...[2]float64) (*mat.Dense, []int) {
	x := mat.NewDense(n*len(centres), 2, nil)
	labels := make([]int, n*len(centres))
	for k, c := range centres {
		for i := range n {
			r := k*n + i
			x.Set(r, 0, c[0]+spread*rng.NormFloat64())
			x.Set(r, 1, c[1]+spread*rng.NormFloat64())
			labels[r] = k
		}
	}
	return x, labels
}

func ExampleFunctions() {
	p := nnplot.Functions("Activation functions and their derivatives", -5, 5,
		nnplot.Func{Name: "σ(x)", F: sigmoid, D: func(x float64) float64 { return sigmoid(x) * (1 - sigmoid(x)) }},
		nnplot.Func{Name: "tanh(x)", F: math.Tanh, D: nnplot.Derivative(math.Tanh)},
		nnplot.Func{Name: "ReLU(x)", F: func(x float64) float64 { return math.Max(0, x) }},
	)
	p.Y.Min, p.Y.Max = -1.2, 2
	if err := nnplot.Save("testdata/functions.png", p); err != nil {
		log.Fatal(err)
	}
}

func ExampleCurves() {
	rng := rand.New(rand.NewPCG(1, 1))
	var train, val []float64
	for e := 1; e <= 40; e++ {
		t := float64(e)
		train = append(train, 0.05+1.2*math.Exp(-t/6)+0.01*rng.NormFloat64())
		val = append(val, 0.15+1.1*math.Exp(-t/7)+0.004*(t-18)*(t-18)/10+0.015*rng.NormFloat64())
	}
	best := 0 // the epoch early stopping restores: lowest validation loss
	for e := range val {
		if val[e] < val[best] {
			best = e
		}
	}
	p := nnplot.Curves{
		Title:  "Training and validation loss",
		Stop:   float64(best + 1),
		Series: []nnplot.Series{{Name: "train", Y: train}, {Name: "validation", Y: val}},
	}.Plot()
	if err := nnplot.Save("testdata/curves.png", p); err != nil {
		log.Fatal(err)
	}
}

func ExampleCurves_log() {
	var sgd, adam []float64
	for i := 1; i <= 500; i++ {
		t := float64(i)
		sgd = append(sgd, 2*math.Exp(-t/150)+1e-3)
		adam = append(adam, 2*math.Exp(-t/40)+1e-5*(1+math.Sin(t/5)))
	}
	p := nnplot.Curves{
		Title:  "Loss per iteration (log scale)",
		XLabel: "iteration",
		Log:    true,
		Series: []nnplot.Series{{Name: "SGD", Y: sgd}, {Name: "Adam", Y: adam}},
	}.Plot()
	if err := nnplot.Save("testdata/curves_log.png", p); err != nil {
		log.Fatal(err)
	}
}

func ExampleCurves_logX() {
	// The error of a fit that improves in two stages, each a decade of
	// epochs long: on a log axis both show.
	var train, test, epochs []float64
	for e := 1; e <= 10000; e++ {
		t := float64(e)
		epochs = append(epochs, t)
		train = append(train, 1/(1+t/10)+0.1/(1+t/1000))
		test = append(test, train[e-1]+0.3*math.Exp(-math.Pow(math.Log10(t)-2, 2)))
	}
	p := nnplot.Curves{
		Title:  "Two stages of learning (log epochs)",
		LogX:   true,
		Log:    true,
		Series: []nnplot.Series{{Name: "train", X: epochs, Y: train}, {Name: "test", X: epochs, Y: test}},
	}.Plot()
	if err := nnplot.Save("testdata/curves_logx.png", p); err != nil {
		log.Fatal(err)
	}
}

func ExampleScatter() {
	rng := rand.New(rand.NewPCG(1, 1))
	x, labels := blobs(rng, 60, 0.6, [2]float64{0, 0}, [2]float64{3, 1}, [2]float64{1, 3})
	p := nnplot.Scatter("Three classes", x, labels)
	if err := nnplot.Save("testdata/scatter.png", p); err != nil {
		log.Fatal(err)
	}
}

func ExampleDecisionRegions() {
	rng := rand.New(rand.NewPCG(1, 1))
	centres := [][2]float64{{0, 0}, {3, 1}, {1, 3}}
	x, labels := blobs(rng, 60, 0.6, centres...)
	nearest := func(x, y float64) int { // nearest centre
		best, bestD := 0, math.Inf(1)
		for k, c := range centres {
			if d := math.Hypot(x-c[0], y-c[1]); d < bestD {
				best, bestD = k, d
			}
		}
		return best
	}
	p := nnplot.DecisionRegions("Nearest-centre classifier", x, labels, nnplot.PointClassifier(nearest))
	if err := nnplot.Save("testdata/regions.png", p); err != nil {
		log.Fatal(err)
	}
}

func ExampleContour() {
	// f(x, y) = (x² + 10y²)/2, a long narrow valley, and its gradient.
	f := func(x, y float64) float64 { return (x*x + 10*y*y) / 2 }
	descend := func(lr, momentum float64, steps int) [][2]float64 {
		p, v := [2]float64{-4.5, 1.5}, [2]float64{}
		path := [][2]float64{p}
		for range steps {
			gx, gy := p[0], 10*p[1]
			v = [2]float64{momentum*v[0] - lr*gx, momentum*v[1] - lr*gy}
			p = [2]float64{p[0] + v[0], p[1] + v[1]}
			path = append(path, p)
		}
		return path
	}
	p := nnplot.Contour{
		Title: "Gradient descent in a narrow valley",
		F:     f,
		XMin:  -5, XMax: 5, YMin: -2, YMax: 2,
		Trajectories: []nnplot.Trajectory{
			{Name: "gradient descent, η = 0.18", Points: descend(0.18, 0, 25)},
			{Name: "momentum 0.8, η = 0.05", Points: descend(0.05, 0.8, 25)},
		},
	}.Plot()
	if err := nnplot.Save("testdata/contour.png", p); err != nil {
		log.Fatal(err)
	}
}

// ExampleContour_log draws Rosenbrock's function, whose curved valley only
// shows with geometrically spaced levels.
func ExampleContour_log() {
	rosenbrock := func(x, y float64) float64 { return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x) }
	p := nnplot.Contour{
		Title: "Rosenbrock function",
		F:     rosenbrock,
		XMin:  -2, XMax: 2, YMin: -1, YMax: 3,
		Log: true,
		Trajectories: []nnplot.Trajectory{
			{Name: "minimum (1, 1)", Points: [][2]float64{{1, 1}}},
		},
	}.Plot()
	if err := nnplot.Save("testdata/contour_log.png", p); err != nil {
		log.Fatal(err)
	}
}

func ExampleHistograms() {
	// Activations of five tanh layers of 100 units with weights drawn from
	// N(0, 1/100) (Xavier initialisation).
	rng := rand.New(rand.NewPCG(1, 1))
	a := mat.NewDense(200, 100, nil)
	for i := range 200 {
		for j := range 100 {
			a.Set(i, j, rng.NormFloat64())
		}
	}
	var samples []nnplot.Sample
	for l := 1; l <= 5; l++ {
		w := mat.NewDense(100, 100, nil)
		for i := range 100 {
			for j := range 100 {
				w.Set(i, j, rng.NormFloat64()/10)
			}
		}
		var z mat.Dense
		z.Mul(a, w)
		z.Apply(func(_, _ int, v float64) float64 { return math.Tanh(v) }, &z)
		a = &z
		samples = append(samples, nnplot.Sample{Name: fmt.Sprintf("layer %d", l), Values: slices.Clone(a.RawMatrix().Data)})
	}
	g := nnplot.Histograms("tanh activations, Xavier initialisation", 30, samples...)
	if err := nnplot.Save("testdata/histograms.png", g); err != nil {
		log.Fatal(err)
	}
}

func ExampleGradientNorms() {
	layers := []string{"dense0.W", "dense1.W", "dense2.W", "dense3.W", "dense4.W", "dense5.W", "dense6.W", "dense7.W"}
	norms := make([]float64, len(layers))
	for i := range norms {
		norms[i] = 2 * math.Pow(0.25, float64(len(layers)-1-i)) // sigmoid: ×¼ per layer
	}
	p := nnplot.GradientNorms("Vanishing gradients with sigmoid", layers, norms)
	if err := nnplot.Save("testdata/gradient_norms.png", p); err != nil {
		log.Fatal(err)
	}
}

func ExampleConfusionMatrix() {
	rng := rand.New(rand.NewPCG(1, 1))
	var truth, pred []int
	for i := range 300 {
		k := i % 3
		if i%10 == 0 {
			k = 3 // a rare class
		}
		p := k
		if rng.Float64() < 0.2 {
			p = rng.IntN(4)
		}
		truth, pred = append(truth, k), append(pred, p)
	}
	p := nnplot.ConfusionMatrix("Confusion matrix", metric.NewConfusion(truth, pred, 4).Counts, []string{"cat", "dog", "bird", "fish"})
	if err := nnplot.Save("testdata/confusion.png", p); err != nil {
		log.Fatal(err)
	}
}

// digitFont holds 5×7 bitmaps of the digits 0–9.
var digitFont = [10][7]string{
	{".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."},
	{"..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."},
	{".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"},
	{"#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."},
	{"...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."},
	{"#####", "#....", "####.", "....#", "....#", "#...#", ".###."},
	{"..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."},
	{"#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."},
	{".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."},
	{".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."},
}

// digits returns n noisy 8×8 images of digits, one per row, and their classes.
func digits(rng *rand.Rand, n int) (*mat.Dense, []int) {
	x := mat.NewDense(n, 64, nil)
	labels := make([]int, n)
	for i := range n {
		k := rng.IntN(10)
		labels[i] = k
		dx, dy := rng.IntN(3), rng.IntN(2)
		for r, line := range digitFont[k] {
			for c, ch := range line {
				if ch == '#' {
					x.Set(i, (r+dy)*8+c+dx, 12+4*rng.Float64())
				}
			}
		}
		for j := range 64 {
			x.Set(i, j, math.Max(0, x.At(i, j)+1.5*rng.NormFloat64()))
		}
	}
	return x, labels
}

func ExampleImages() {
	rng := rand.New(rand.NewPCG(1, 1))
	x, classes := digits(rng, 20)
	labels := make([]string, len(classes))
	for i, k := range classes {
		labels[i] = fmt.Sprintf("label %d", k)
	}
	g := nnplot.Images("8×8 digits", x, 8, 8, labels, 10)
	if err := nnplot.Save("testdata/images.png", g); err != nil {
		log.Fatal(err)
	}
}

func ExampleEmbedding() {
	// A 16-dimensional embedding of three classes, shown on its first two
	// principal components.
	rng := rand.New(rand.NewPCG(1, 1))
	z := mat.NewDense(300, 16, nil)
	labels := make([]int, 300)
	for i := range 300 {
		k := i % 3
		labels[i] = k
		for j := range 16 {
			centre := 0.0
			if j%3 == k {
				centre = 2
			}
			z.Set(i, j, centre+0.5*rng.NormFloat64())
		}
	}
	p := nnplot.Embedding("3 クラスの埋め込み (embedding of three classes)", z, labels, "犬 (dog)", "猫 (cat)", "キツネ (fox)")
	if err := nnplot.Save("testdata/embedding.png", p); err != nil {
		log.Fatal(err)
	}
}

func ExampleNewGrid() {
	relu := func(x float64) float64 { return math.Max(0, x) }
	leaky := func(x float64) float64 { return math.Max(0.1*x, x) }
	g := nnplot.NewGrid("ReLU and Leaky ReLU", 2,
		nnplot.Functions("ReLU", -3, 3, nnplot.Func{Name: "ReLU(x)", F: relu, D: nnplot.Derivative(relu)}),
		nnplot.Functions("Leaky ReLU (α = 0.1)", -3, 3, nnplot.Func{Name: "f(x)", F: leaky, D: nnplot.Derivative(leaky)}),
	)
	g.Height = 3.2 * 72 // points
	if err := nnplot.Save("testdata/grid.png", g); err != nil {
		log.Fatal(err)
	}
}

func ExampleDerivative() {
	d := nnplot.Derivative(sigmoid)
	fmt.Printf("σ′(0) ≈ %.6f (exact 0.25)\n", d(0))
	fmt.Printf("σ′(2) ≈ %.6f (exact %.6f)\n", d(2), sigmoid(2)*(1-sigmoid(2)))
	// Output:
	// σ′(0) ≈ 0.250000 (exact 0.25)
	// σ′(2) ≈ 0.104994 (exact 0.104994)
}

func ExampleClasses() {
	scores := mat.NewDense(3, 3, []float64{
		0.1, 0.7, 0.2,
		0.8, 0.1, 0.1,
		0.2, 0.3, 0.5,
	})
	fmt.Println(nnplot.Classes(scores))
	fmt.Println(nnplot.Classes(mat.NewDense(2, 1, []float64{0.3, 0.9})))
	// Output:
	// [1 0 2]
	// [0 1]
}

func ExamplePath() {
	t := nnplot.Path("adam", [][]float64{{1, 2}, {0.5, 1.5}, {0.1, 0.2}})
	fmt.Println(t.Name, t.Points)
	// Output:
	// adam [[1 2] [0.5 1.5] [0.1 0.2]]
}

func ExampleRenderer() {
	p := nnplot.Curves{Title: "Loss", Series: []nnplot.Series{{Name: "train", Y: []float64{1, 0.5, 0.3}}}}.Plot()
	for _, r := range []nnplot.Renderer{{}, {DPI: 200}, {Width: 4 * 72, Height: 3 * 72}} {
		b, err := r.PNG(p)
		if err != nil {
			log.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(img.Bounds().Dx(), "×", img.Bounds().Dy(), "pixels")
	}
	// Output:
	// 640 × 420 pixels
	// 1280 × 840 pixels
	// 400 × 300 pixels
}

func ExampleShow() {
	// Outside a notebook Show prints one line instead of the image.
	p := nnplot.Curves{Title: "Loss", Series: []nnplot.Series{{Name: "train", Y: []float64{1, 0.5, 0.3}}}}.Plot()
	if err := nnplot.Show(p); err != nil {
		log.Fatal(err)
	}
	// Output:
	// [figure "Loss", 6.4×4.2 in] (not in a notebook: use nnplot.Save to write it to a file)
}

func ExampleVectorFunc() {
	sphere := func(θ []float64) float64 { return θ[0]*θ[0] + θ[1]*θ[1] }
	f := nnplot.VectorFunc(sphere)
	fmt.Println(f(3, 4))
	// Output:
	// 25
}

func ExamplePointClassifier() {
	above := nnplot.PointClassifier(func(x, y float64) int {
		if y > x {
			return 1
		}
		return 0
	})
	fmt.Println(above(mat.NewDense(3, 2, []float64{0, 1, 1, 0, 2, 3})))
	// Output:
	// [1 0 1]
}

func ExampleTitle() {
	g := nnplot.NewGrid("Activations", 2,
		nnplot.Functions("tanh", -3, 3, nnplot.Func{Name: "tanh", F: math.Tanh}))
	fmt.Printf("%q %q\n", nnplot.Title(g), nnplot.Title(g.Plots[0][0]))
	fmt.Println(len(g.Plots), "row of", len(g.Plots[0]), "cells")
	// Output:
	// "Activations" "tanh"
	// 1 row of 2 cells
}

func ExampleSVG() {
	p := nnplot.Functions("tanh", -3, 3, nnplot.Func{Name: "tanh", F: math.Tanh})
	b, err := nnplot.SVG(p)
	if err != nil {
		log.Fatal(err)
	}
	s := string(b)
	fmt.Println(strings.HasPrefix(s, "<?xml"), strings.Contains(s, "<svg"), strings.Contains(s, ">tanh<"))
	// Output:
	// true true true
}

// ExamplePoints plots iris-like data with the species and the features
// named.
func ExamplePoints() {
	rng := rand.New(rand.NewPCG(1, 1))
	x, labels := blobs(rng, 40, 0.3, [2]float64{1.5, 0.3}, [2]float64{4.3, 1.3}, [2]float64{5.5, 2})
	p := nnplot.Points{
		Title:   "アヤメ (iris)",
		X:       x,
		XLabel:  "花弁の長さ petal length (cm)",
		YLabel:  "花弁の幅 petal width (cm)",
		Labels:  labels,
		Classes: []string{"setosa", "versicolor", "virginica"},
	}.Plot()
	if err := nnplot.Save("testdata/points.png", p); err != nil {
		log.Fatal(err)
	}
}

// ExamplePoints_value plots continuous data: each point coloured by a
// regression target y = sin(x₁)·x₂.
func ExamplePoints_value() {
	rng := rand.New(rand.NewPCG(1, 1))
	x := mat.NewDense(200, 2, nil)
	y := make([]float64, 200)
	for i := range 200 {
		x.Set(i, 0, 6*rng.Float64()-3)
		x.Set(i, 1, 2*rng.Float64()-1)
		y[i] = math.Sin(x.At(i, 0)) * x.At(i, 1)
	}
	p := nnplot.Points{Title: "回帰の目標値 (regression target)", X: x, Value: y, ValueLabel: "y"}.Plot()
	if err := nnplot.Save("testdata/points_value.png", p); err != nil {
		log.Fatal(err)
	}
}

// unscale doubles every value back, for ExampleImageGrid.
type unscale struct{ factor float64 }

func (u unscale) InverseTransform(x *mat.Dense) *mat.Dense {
	var y mat.Dense
	y.Scale(u.factor, x)
	return &y
}

// ExampleImageGrid draws digits with two-line captions (true label and
// prediction) that would overlap at the default cell width, from data that
// was scaled and is mapped back to pixel values by Unscale.
func ExampleImageGrid() {
	rng := rand.New(rand.NewPCG(1, 1))
	x, classes := digits(rng, 12)
	scaled := mat.DenseCopyOf(x)
	scaled.Scale(1.0/16, x) // as a MinMax scaler to [0, 1] would
	labels := make([]string, len(classes))
	for i, k := range classes {
		labels[i] = fmt.Sprintf("正解 %d (label)\n予測 %d (pred.)", k, (k+i%3)%10)
	}
	g := nnplot.ImageGrid{
		Title: "誤分類の例 (misclassified digits)", X: scaled, H: 8, W: 8,
		Labels: labels, Cols: 6, Unscale: unscale{16},
	}.Grid()
	if err := nnplot.Save("testdata/image_grid.png", g); err != nil {
		log.Fatal(err)
	}
	fmt.Println(nnplot.Title(g))
	// Output:
	// 誤分類の例 (misclassified digits)
}

// ExampleNetwork draws a multilayer perceptron with one dropout step's
// thinned hidden layers beside it.
func ExampleNetwork() {
	layers := []int{3, 5, 5, 2}
	names := []string{"入力層\n(input)", "隠れ層 1", "隠れ層 2", "出力層\n(output)"}
	units := [][]string{{"x₁", "x₂", "x₃"}, nil, nil, {"y₁", "y₂"}}
	g := nnplot.NewGrid("多層パーセプトロンとドロップアウト (MLP and dropout)", 2,
		nnplot.Network{Title: "全結合 (full network)", Layers: layers, LayerNames: names, UnitNames: units, Bias: true}.Plot(),
		nnplot.Network{Title: "ドロップアウト p = 0.4", Layers: layers, LayerNames: names, UnitNames: units,
			Dropped: [][]int{nil, {1, 4}, {0, 2}}}.Plot(),
	)
	g.Width, g.Height = 9*72, 4*72
	if err := nnplot.Save("testdata/network.png", g); err != nil {
		log.Fatal(err)
	}
}
