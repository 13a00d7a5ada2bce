package tune_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit/activation"
	"github.com/nnbook/nnbook/nnkit/loss"
	"github.com/nnbook/nnbook/nnkit/model"
	"github.com/nnbook/nnbook/nnkit/optim"
	"github.com/nnbook/nnbook/nnkit/tune"
)

// space is the search space of the examples: a learning rate searched over
// orders of magnitude, a layer count and an activation.
var space = tune.Space{
	tune.FloatRange{Name: "lr", Min: 1e-4, Max: 1, Scale: tune.Log},
	tune.IntRange{Name: "layers", Min: 1, Max: 4},
	tune.Choice{Name: "act", Values: []any{"relu", "tanh"}},
}

// validationLoss stands in for training a model: it is lowest at lr = 0.01,
// 2 layers and tanh.
func validationLoss(_ context.Context, p tune.Params) (float64, error) {
	l := math.Log10(p.Float("lr")) + 2
	v := 0.1 + 0.05*l*l + 0.02*math.Abs(float64(p.Int("layers")-2))
	if p.Str("act") == "relu" {
		v += 0.03
	}
	return v, nil
}

// printBest prints the best trial of r.
func printBest(r *tune.Result) {
	best, _ := r.Best()
	fmt.Printf("%d trials, best %.4f at trial %d: %v\n", len(r.Trials), best.Score, best.Index, best.Params)
}

// A space lists the hyperparameters; Sample draws from their distributions.
func ExampleSpace() {
	fmt.Println(space)
	r := rand.New(rand.NewPCG(1, 1))
	for range 3 {
		fmt.Println(space.Sample(r))
	}
	// Output:
	// lr ∈ [0.0001, 1] log
	// layers ∈ {1, …, 4}
	// act ∈ {relu, tanh}
	// act=relu layers=4 lr=0.002297
	// act=relu layers=2 lr=0.1965
	// act=tanh layers=4 lr=0.1444
}

// The objective reads its hyperparameters with typed getters.
func ExampleParams() {
	p := tune.Params{"lr": 0.01, "layers": 2, "act": "tanh"}
	fmt.Println(p)
	fmt.Println(p.Float("lr"), p.Int("layers"), p.Str("act"))
	// Output:
	// act=tanh layers=2 lr=0.01
	// 0.01 2 tanh
}

// Grid search tries every combination: 3 learning rates × 4 layer counts ×
// 2 activations.
func ExampleGrid() {
	r, err := tune.NewGrid(3).Search(context.Background(), space, validationLoss, tune.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	printBest(r)
	// Output:
	// 24 trials, best 0.1000 at trial 11: act=tanh layers=2 lr=0.01
}

// Random search draws each trial from the space's distributions; four
// workers run trials at once, and the seed fixes the result.
func ExampleRandom() {
	r, err := tune.NewRandom(30).Search(context.Background(), space, validationLoss, tune.Options{Seed: 1, Workers: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	printBest(r)
	// Output:
	// 30 trials, best 0.1014 at trial 14: act=tanh layers=2 lr=0.01469
}

// Bayesian optimisation spends a few random trials, then models the score
// with a Gaussian process and tries where the expected improvement is
// largest.
func ExampleBayesian() {
	b := tune.NewBayesian(25)
	fmt.Println(b)
	r, err := b.Search(context.Background(), space, validationLoss, tune.Options{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	printBest(r)
	// Output:
	// Bayesian(trials=25, initial=5, kernel=Matérn5/2, ξ=0)
	// 25 trials, best 0.1000 at trial 24: act=tanh layers=2 lr=0.009979
}

// A genetic algorithm evolves a population; Maximize looks for the highest
// score.
func ExampleGenetic() {
	g := tune.NewGenetic(10, 5)
	fmt.Println(g)
	accuracy := func(ctx context.Context, p tune.Params) (float64, error) {
		v, err := validationLoss(ctx, p)
		return 1 - v, err
	}
	r, err := g.Search(context.Background(), space, accuracy, tune.Options{Seed: 1, Direction: tune.Maximize})
	if err != nil {
		fmt.Println(err)
		return
	}
	printBest(r)
	// Output:
	// Genetic(population=10, generations=5, elite=2, tournament=3, crossover=0.9, mutation=0.2±0.1)
	// 42 trials, best 0.8988 at trial 21: act=tanh layers=2 lr=0.01424
}

// BestSoFar and Scores are the curves to plot: the score of each trial and
// the best up to it. A failed trial is recorded and the search goes on.
func ExampleResult_BestSoFar() {
	f := func(ctx context.Context, p tune.Params) (float64, error) {
		if p.Float("lr") > 0.05 {
			return 0, errors.New("loss diverged")
		}
		return validationLoss(ctx, p)
	}
	r, _ := tune.NewRandom(8).Search(context.Background(), space, f, tune.Options{Seed: 3})
	fmt.Printf("scores:       %.3f\n", r.Scores())
	fmt.Printf("best so far:  %.3f\n", r.BestSoFar())
	fmt.Println("failed:", r.Failed())
	// Output:
	// scores:       [0.158 0.111 0.150 NaN NaN 0.130 NaN 0.179]
	// best so far:  [0.158 0.111 0.111 0.111 0.111 0.111 0.111 0.111]
	// failed: 3
}

// String prints the trials as a table; HTML gives the same table for a
// notebook.
func ExampleResult_String() {
	r := &tune.Result{
		Names: []string{"lr", "act"},
		Trials: []tune.Trial{
			{Index: 0, Params: tune.Params{"lr": 0.1, "act": "relu"}, Score: 0.31, Duration: 1200 * time.Millisecond},
			{Index: 1, Params: tune.Params{"lr": 3.0, "act": "relu"}, Score: math.NaN(), Duration: 40 * time.Millisecond, Err: errors.New("loss diverged")},
			{Index: 2, Params: tune.Params{"lr": 0.01, "act": "tanh"}, Score: 0.12, Duration: 1500 * time.Millisecond},
		},
	}
	fmt.Println(r)
	// Output:
	// trial  lr    act   score  time  error
	// 0      0.1   relu  0.31   1.2s
	// 1      3     relu  -      40ms  loss diverged
	// 2*     0.01  tanh  0.12   1.5s
	// 3 trials, 1 failed; best (minimize) 0.12 at trial 2: act=tanh lr=0.01
}

// A Gaussian process fitted to three points: the posterior mean passes
// through them and the variance grows between and beyond them.
func ExampleGP() {
	g := tune.NewGP(tune.RBF{}, 1)
	g.LengthScales[0] = 1
	x := mat.NewDense(3, 1, []float64{0, 1, 2})
	if err := g.Fit(x, []float64{1, -1, 2}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(g)
	for _, xs := range []float64{0, 0.5, 1, 3} {
		m, v := g.Predict([]float64{xs})
		fmt.Printf("x=%.1f  μ=%7.4f  σ²=%.4f\n", xs, m, v)
	}
	// Output:
	// GP(RBF, ℓ=[1], σf²=1, σn²=1e-06)
	// x=0.0  μ= 1.0000  σ²=0.0000
	// x=0.5  μ=-0.4848  σ²=0.0179
	// x=1.0  μ=-1.0000  σ²=0.0000
	// x=3.0  μ= 2.5996  σ²=0.5194
}

// Tuning a real training run: the objective trains an MLP on noisy sin(x)
// with model.Fit and returns the final validation loss.
func ExampleBayesian_fit() {
	r := rand.New(rand.NewPCG(1, 1))
	n := 64
	x, y := mat.NewDense(n, 1, nil), mat.NewDense(n, 1, nil)
	for i := range n {
		v := 6*r.Float64() - 3
		x.Set(i, 0, v)
		y.Set(i, 0, math.Sin(v)+0.05*r.NormFloat64())
	}
	space := tune.Space{
		tune.FloatRange{Name: "lr", Min: 1e-3, Max: 1, Scale: tune.Log},
		tune.IntRange{Name: "hidden", Min: 2, Max: 16},
	}
	objective := func(ctx context.Context, p tune.Params) (float64, error) {
		net := model.NewMLP([]int{1, p.Int("hidden"), 1}, activation.NewTanh, activation.NewIdentity)
		cfg := model.NewFitConfig(loss.NewMSE(), optim.NewAdam(p.Float("lr")))
		cfg.Epochs = 100
		cfg.BatchSize = 16
		cfg.ValidationSplit = 0.25
		h, err := model.Fit(ctx, net, x, y, cfg)
		if err != nil {
			return 0, err
		}
		val := h.ValLoss()
		return val[len(val)-1], nil
	}
	b := tune.NewBayesian(12)
	res, err := b.Search(context.Background(), space, objective, tune.Options{Seed: 1, Workers: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	printBest(res)
	// Output:
	// 12 trials, best 0.0096 at trial 3: hidden=13 lr=0.2342
}

// HTML is the table a notebook displays for a Result; the best row is bold.
func ExampleResult_HTML() {
	r := &tune.Result{
		Names: []string{"lr"},
		Trials: []tune.Trial{
			{Index: 0, Params: tune.Params{"lr": 0.1}, Score: 0.31, Duration: 1200 * time.Millisecond},
			{Index: 1, Params: tune.Params{"lr": 0.01}, Score: 0.12, Duration: 1500 * time.Millisecond},
		},
	}
	fmt.Println(r.HTML())
	// Output:
	// <table>
	// <thead><tr><th>trial</th><th>lr</th><th>score</th><th>time</th><th>error</th></tr></thead>
	// <tbody>
	// <tr><td>0</td><td>0.1</td><td>0.31</td><td>1.2s</td><td></td></tr>
	// <tr style="font-weight:bold"><td>1*</td><td>0.01</td><td>0.12</td><td>1.5s</td><td></td></tr>
	// </tbody>
	// </table>
}

// Progress shows every trial as it finishes with the best so far, and
// Target ends the search at the first trial good enough: here the sixth of
// a hundred planned.
func ExampleOptions() {
	space := tune.Space{tune.FloatRange{Name: "x", Min: -2, Max: 2}}
	f := func(_ context.Context, p tune.Params) (float64, error) {
		x := p.Float("x")
		return (x - 0.5) * (x - 0.5), nil
	}
	res, err := tune.NewRandom(100).Search(context.Background(), space, f, tune.Options{
		Seed:     15,
		Progress: os.Stdout,
		Target:   new(0.01),
	})
	fmt.Println(len(res.Trials), "trials, reached target:", res.ReachedTarget, err)
	// Output:
	// [1/100] trial 0  score 0.9537  best 0.9537 (trial 0)  x=1.477
	// [2/100] trial 1  score 0.1094  best 0.1094 (trial 1)  x=0.8307
	// [3/100] trial 2  score 0.05941  best 0.05941 (trial 2)  x=0.2563
	// [4/100] trial 3  score 0.601  best 0.05941 (trial 2)  x=-0.2753
	// [5/100] trial 4  score 0.2553  best 0.05941 (trial 2)  x=-0.00523
	// [6/100] trial 5  score 0.0001808  best 0.0001808 (trial 5)  x=0.5134  reached target 0.01
	// 6 trials, reached target: true <nil>
}
