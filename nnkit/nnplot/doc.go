// Package nnplot draws the figures of the chapter notebooks: activation
// functions and their derivatives, loss curves, data by class or by a
// continuous value ([Points]), decision regions, loss surfaces with
// optimizer trajectories, histograms of activations, gradient norms per
// layer, confusion matrices, image grids ([ImageGrid]), embeddings and
// network diagrams ([Network]).
//
// Every constructor takes plain data (slices, *mat.Dense, functions) and
// returns a *plot.Plot from gonum/plot, or a [Grid] of them for figures with
// several panels, so a figure can still be adjusted with the gonum/plot API
// before it is shown (ExampleFunctions sets the y range this way):
//
//	p := nnplot.Functions("tanh", -5, 5, nnplot.Func{Name: "tanh(x)", F: math.Tanh, D: nnplot.Derivative(math.Tanh)})
//	p.Y.Min, p.Y.Max = -1.2, 1.2
//	nnplot.Show(p)
//
// [Show] displays a figure in the notebook through gonbui, so it works in
// nnbook and in GoNB, and prints one line of text elsewhere. [PNG], [SVG]
// and [Save] render it to bytes or to a file, and a [Renderer] sets the
// size and resolution.
//
// All text is [Gothic], a Japanese font with Latin, Greek and mathematical
// glyphs, a little larger than gonum/plot's defaults, so titles, labels,
// legends and ticks may mix Japanese and English; importing nnplot makes it
// gonum/plot's default font as well. Tick marks aim at about six labels; legends sit on a white box in the
// corner of the data area that hides the fewest points.
//
// [Progress] is the live training display: a progress bar with epoch, step,
// loss, speed and time left and a small loss curve, redrawn in place a few
// times a second in a notebook and as a one-line bar in a terminal, leaving
// a static loss-curve image when training ends. ExampleProgress_fit drives
// it from model.Fit's callbacks.
//
// The package depends on gonum, gonum/plot, gonbui and the root nnkit
// interfaces only; it never imports nnkit/model. Adapters such as
// [HistoryCurves] take small interfaces that *model.History satisfies.
package nnplot
