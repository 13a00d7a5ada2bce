package optim_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/plotter"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/optim"
	"github.com/nnbook/nnbook/nnkit/optim/landscape"
	"github.com/nnbook/nnbook/nnkit/schedule"
)

// steps runs opt for n steps on one 1×2 parameter starting at (1, −1) with
// the same gradient (0.5, −2) each step, printing the parameter after each.
func steps(opt nnkit.Optimizer, n int) {
	fmt.Println(opt)
	p := nnkit.NewParam("w", mat.NewDense(1, 2, []float64{1, -1}))
	for range n {
		p.Grad.Copy(mat.NewDense(1, 2, []float64{0.5, -2}))
		opt.Step([]*nnkit.Param{p})
		fmt.Printf("%.4f\n", p.Value.RawRowView(0))
	}
}

// SGD moves against the gradient by η·g: here by (−0.05, 0.2) each step.
func ExampleSGD() {
	steps(optim.NewSGD(0.1), 3)
	// Output:
	// SGD(lr=0.1)
	// [0.9500 -0.8000]
	// [0.9000 -0.6000]
	// [0.8500 -0.4000]
}

// With a constant gradient the velocity grows as 1, 1.9, 2.71, … times g, so
// the steps lengthen towards η·g/(1−μ).
func ExampleMomentum() {
	steps(optim.NewMomentum(0.1), 3)
	// Output:
	// Momentum(lr=0.1, μ=0.9)
	// [0.9500 -0.8000]
	// [0.8550 -0.4200]
	// [0.7195 0.1220]
}

// Nesterov's step adds μ·v to the gradient: it moves further than Momentum on
// the same gradients.
func ExampleNesterov() {
	steps(optim.NewNesterov(0.1), 3)
	// Output:
	// Nesterov(lr=0.1, μ=0.9)
	// [0.9050 -0.6200]
	// [0.7695 -0.0780]
	// [0.5976 0.6098]
}

// AdaGrad's first step has size η in every coordinate, whatever the scale of
// the gradient; later steps shrink as 1/√t under a constant gradient.
func ExampleAdaGrad() {
	steps(optim.NewAdaGrad(0.1), 3)
	// Output:
	// AdaGrad(lr=0.1, ε=1e-10)
	// [0.9000 -0.9000]
	// [0.8293 -0.8293]
	// [0.7716 -0.7716]
}

// RMSProp's first step is η/√(1−ρ) = 10·η per coordinate.
func ExampleRMSProp() {
	steps(optim.NewRMSProp(0.01), 3)
	// Output:
	// RMSProp(lr=0.01, ρ=0.99, ε=1e-08)
	// [0.9000 -0.9000]
	// [0.8291 -0.8291]
	// [0.7711 -0.7711]
}

// AdaDelta's first step is √ε/√(1−ρ) ≈ 0.003 per coordinate whatever the
// gradient; its steps grow as it accumulates past updates.
func ExampleAdaDelta() {
	steps(optim.NewAdaDelta(1), 3)
	// Output:
	// AdaDelta(lr=1, ρ=0.9, ε=1e-06)
	// [0.9968 -0.9968]
	// [0.9936 -0.9936]
	// [0.9903 -0.9903]
}

// Under a constant gradient, Adam's steps have size η in every coordinate:
// m̂ = g and v̂ = g².
func ExampleAdam() {
	steps(optim.NewAdam(0.1), 3)
	// Output:
	// Adam(lr=0.1, β1=0.9, β2=0.999, ε=1e-08)
	// [0.9000 -0.9000]
	// [0.8000 -0.8000]
	// [0.7000 -0.7000]
}

// Under a constant gradient the second moment never decreases, so AMSGrad
// takes Adam's steps.
func ExampleAMSGrad() {
	steps(optim.NewAMSGrad(0.1), 3)
	// Output:
	// AMSGrad(lr=0.1, β1=0.9, β2=0.999, ε=1e-08)
	// [0.9000 -0.9000]
	// [0.8000 -0.8000]
	// [0.7000 -0.7000]
}

// With γ = 0.5 the bounds close in fast: step t is at most
// η_u(t)·m = 0.1·(1 + 2/t)·m.
func ExampleAdaBound() {
	opt := optim.NewAdaBound(0.1)
	opt.Gamma = 0.5
	steps(opt, 3)
	// Output:
	// AdaBound(lr=0.1, final_lr=0.1, γ=0.5, β1=0.9, β2=0.999, ε=1e-08)
	// [0.9850 -0.9400]
	// [0.9660 -0.8640]
	// [0.9434 -0.7737]
}

func ExampleAMSBound() {
	opt := optim.NewAMSBound(0.1)
	opt.Gamma = 0.5
	steps(opt, 3)
	// Output:
	// AMSBound(lr=0.1, final_lr=0.1, γ=0.5, β1=0.9, β2=0.999, ε=1e-08)
	// [0.9850 -0.9400]
	// [0.9660 -0.8640]
	// [0.9434 -0.7737]
}

func ExampleAdam_Validate() {
	opt := optim.NewAdam(-0.1)
	fmt.Println(opt.Validate())
	opt.LearningRate = 1e-3
	fmt.Println(opt.Validate())
	// Output:
	// nnkit/optim: Adam: learning rate must be positive, got -0.1
	// <nil>
}

// Ten optimizers start from (2, 1) on a double well whose global minimum is
// near (−1.06, 0) and whose local minimum is near (0.93, 0). Only the
// momentum methods carry enough speed over the barrier; AdaDelta is still
// on its way.
func ExampleMinimize() {
	var f landscape.DoubleWell
	for _, run := range []struct {
		name string
		opt  nnkit.Optimizer
	}{
		{"SGD", optim.NewSGD(0.02)},
		{"Momentum", optim.NewMomentum(0.02)},
		{"Nesterov", optim.NewNesterov(0.02)},
		{"AdaGrad", optim.NewAdaGrad(0.5)},
		{"RMSProp", optim.NewRMSProp(0.05)},
		{"AdaDelta", optim.NewAdaDelta(1)},
		{"Adam", optim.NewAdam(0.1)},
		{"AMSGrad", optim.NewAMSGrad(0.1)},
		{"AdaBound", optim.NewAdaBound(0.1)},
		{"AMSBound", optim.NewAMSBound(0.1)},
	} {
		tr := optim.Minimize(run.opt, f.Func, f.Grad, []float64{2, 1}, 200)
		x, _ := tr.XY(tr.Len() - 1)
		fmt.Printf("%-8s x = %7.4f  f = %7.4f\n", run.name, x, tr.F[tr.Len()-1])
	}
	// Output:
	// SGD      x =  0.9304  f =  0.4833
	// Momentum x = -1.0575  f = -0.5148
	// Nesterov x = -1.0575  f = -0.5148
	// AdaGrad  x =  0.9304  f =  0.4833
	// RMSProp  x =  0.9304  f =  0.4833
	// AdaDelta x =  1.4013  f =  1.7389
	// Adam     x =  0.9303  f =  0.4833
	// AMSGrad  x =  0.9303  f =  0.4833
	// AdaBound x =  0.9303  f =  0.4833
	// AMSBound x =  0.9303  f =  0.4833
}

// Gradient descent with η = 0.01 lingers near the saddle point of x² − y²;
// Adam leaves it about eight times sooner.
func ExampleTrajectory_FirstBelow() {
	var s landscape.Saddle
	start := []float64{1, 1e-6}
	gd := optim.Minimize(optim.NewSGD(0.01), s.Func, s.Grad, start, 1000)
	adam := optim.Minimize(optim.NewAdam(0.01), s.Func, s.Grad, start, 1000)
	fmt.Println("SGD: ", gd.FirstBelow(-1))
	fmt.Println("Adam:", adam.FirstBelow(-1))
	// Output:
	// SGD:  698
	// Adam: 81
}

// A two-dimensional trajectory is a plotter.XYer: Len and XY give the points
// of the path, and plotter.NewLine draws it over a contour plot.
func ExampleTrajectory_XY() {
	var r landscape.Rosenbrock
	tr := optim.Minimize(optim.NewMomentum(1e-3), r.Func, r.Grad, []float64{-1.2, 1}, 1000)
	for i := 0; i < tr.Len(); i += 250 {
		x, y := tr.XY(i)
		fmt.Printf("step %4d: (%.4f, %.4f)\n", i, x, y)
	}
	path, err := plotter.NewLine(tr)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(path.XYs), "points to draw")
	// Output:
	// step    0: (-1.2000, 1.0000)
	// step  250: (0.8584, 0.7362)
	// step  500: (0.9574, 0.9164)
	// step  750: (0.9856, 0.9714)
	// step 1000: (0.9950, 0.9900)
	// 1001 points to draw
}

// ClipNorm scales all gradients together so that their global norm is at
// most maxNorm: ‖(3, 4, 12)‖ = 13 becomes 6.5.
func ExampleClipNorm() {
	a := nnkit.NewParam("a", mat.NewDense(1, 2, nil))
	b := nnkit.NewParam("b", mat.NewDense(1, 1, nil))
	a.Grad.SetRow(0, []float64{3, 4})
	b.Grad.SetRow(0, []float64{12})
	norm := optim.ClipNorm([]*nnkit.Param{a, b}, 6.5)
	fmt.Println(norm, a.Grad.RawRowView(0), b.Grad.RawRowView(0))
	// Output:
	// 13 [1.5 2] [6]
}

func ExampleClipValue() {
	p := nnkit.NewParam("w", mat.NewDense(1, 4, nil))
	p.Grad.SetRow(0, []float64{-3, 0.5, 2, -0.25})
	optim.ClipValue([]*nnkit.Param{p}, 1)
	fmt.Println(p.Grad.RawRowView(0))
	// Output:
	// [-1 0.5 1 -0.25]
}

// The gradient of L + (λ/2)·θ² is g + λ·θ.
func ExampleWeightDecay() {
	fmt.Println(optim.WeightDecay(0.5, 2, 0.1))
	// Output:
	// 0.7
}

// AdaBound's bounds around a final rate of 0.1 close in as 1/(γt).
func ExampleBounds() {
	for _, t := range []int{1, 10, 100, 1000, 10000} {
		lower, upper := optim.Bounds(0.1, 1e-3, t)
		fmt.Printf("t=%5d  [%.5f, %.4f]\n", t, lower, upper)
	}
	// Output:
	// t=    1  [0.00010, 100.1000]
	// t=   10  [0.00099, 10.1000]
	// t=  100  [0.00909, 1.1000]
	// t= 1000  [0.05000, 0.2000]
	// t=10000  [0.09091, 0.1100]
}

// On f = x² + 10y² gradient descent with η > 0.1 bounces ever higher across
// the narrow valley (y ← (1 − 20η)·y); decaying the rate by 10 % per step
// brings it below 0.1 after two steps, and the path settles.
func ExampleMinimizeScheduled() {
	f := func(x []float64) float64 { return x[0]*x[0] + 10*x[1]*x[1] }
	grad := func(g, x []float64) { g[0], g[1] = 2*x[0], 20*x[1] }
	start := []float64{3, 1}
	constant := optim.Minimize(optim.NewSGD(0.12), f, grad, start, 30)
	decayed := optim.MinimizeScheduled(optim.NewSGD(0.12), schedule.Exponential{Initial: 0.12, Factor: 0.9}, f, grad, start, 30)
	fmt.Printf("constant η: f = %.4g\n", constant.F[30])
	fmt.Printf("exponential η: f = %.4g\n", decayed.F[30])
	// Output:
	// constant η: f = 5.857e+09
	// exponential η: f = 0.06446
}
