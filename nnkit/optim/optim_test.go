package optim_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/optim"
	"github.com/nnbook/nnbook/nnkit/optim/landscape"
)

// all returns each of the ten optimizers with its default hyperparameters
// and a learning rate suited to functions whose curvature is about 1.
func all() []scheduled {
	return []scheduled{
		optim.NewSGD(0.1),
		optim.NewMomentum(0.05),
		optim.NewNesterov(0.05),
		optim.NewAdaGrad(0.5),
		optim.NewRMSProp(0.05),
		optim.NewAdaDelta(1),
		optim.NewAdam(0.05),
		optim.NewAMSGrad(0.05),
		optim.NewAdaBound(0.05),
		optim.NewAMSBound(0.05),
	}
}

// quadratic is f(θ) = ½·θᵀAθ − bᵀθ with A symmetric positive definite, whose
// minimum is at A⁻¹b.
type quadratic struct {
	a    *mat.SymDense
	b    *mat.VecDense
	xMin []float64
}

// newQuadratic returns a random n-dimensional quadratic whose Hessian has
// eigenvalues in [0.5, 2], drawn from seed.
func newQuadratic(n int, seed uint64) quadratic {
	rnd := rand.New(rand.NewPCG(seed, seed))
	// A = QΛQᵀ with Q from the QR factorisation of a random matrix.
	r := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			r.Set(i, j, rnd.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(r)
	var q mat.Dense
	qr.QTo(&q)
	lambda := mat.NewDiagDense(n, nil)
	for i := range n {
		lambda.SetDiag(i, 0.5+1.5*rnd.Float64())
	}
	var qL, a mat.Dense
	qL.Mul(&q, lambda)
	a.Mul(&qL, q.T())
	sym := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			sym.SetSym(i, j, (a.At(i, j)+a.At(j, i))/2)
		}
	}
	b := mat.NewVecDense(n, nil)
	for i := range n {
		b.SetVec(i, rnd.NormFloat64())
	}
	var xMin mat.VecDense
	if err := xMin.SolveVec(sym, b); err != nil {
		panic(err)
	}
	return quadratic{a: sym, b: b, xMin: xMin.RawVector().Data}
}

func (q quadratic) Func(x []float64) float64 {
	v := mat.NewVecDense(len(x), x)
	return 0.5*mat.Inner(v, q.a, v) - mat.Dot(q.b, v)
}

func (q quadratic) Grad(g, x []float64) {
	var ax mat.VecDense
	ax.MulVec(q.a, mat.NewVecDense(len(x), x))
	for i := range g {
		g[i] = ax.AtVec(i) - q.b.AtVec(i)
	}
}

// TestDecreasesQuadratic checks that every optimizer closes most of the gap
// between f(θ₀) and the minimum of a convex quadratic.
func TestDecreasesQuadratic(t *testing.T) {
	const (
		n     = 5
		steps = 1000
		// closed is the fraction of the gap f(θ₀) − f* that must be
		// closed after steps steps.
		closed = 0.99
	)
	q := newQuadratic(n, 1)
	fMin := q.Func(q.xMin)
	x0 := make([]float64, n)
	for _, opt := range all() {
		tr := optim.Minimize(opt, q.Func, q.Grad, x0, steps)
		if tr.Diverged {
			t.Errorf("%s diverged", opt)
			continue
		}
		start, end := tr.F[0]-fMin, tr.F[len(tr.F)-1]-fMin
		if end > (1-closed)*start {
			t.Errorf("%s: f − f* went from %.4g to %.4g in %d steps, want below %.4g", opt, start, end, steps, (1-closed)*start)
		}
	}
}

// TestZeroGradient checks that a fresh optimizer without weight decay leaves
// parameters alone when their gradients are zero, and that weight decay alone
// still shrinks them.
func TestZeroGradient(t *testing.T) {
	theta := [][]float64{{0.5, -1.5, 2}, {0, 0.25, -0.75}}
	for _, opt := range all() {
		p := newParam(theta, false)
		for range 3 {
			opt.Step([]*nnkit.Param{p})
		}
		for i := range theta {
			for j := range theta[i] {
				if got := p.Value.At(i, j); got != theta[i][j] {
					t.Errorf("%s: θ[%d][%d] = %v after zero gradients, want %v", opt, i, j, got, theta[i][j])
				}
			}
		}
	}

	// SGD with weight decay λ: θ ← θ − η·λ·θ = (1 − ηλ)·θ.
	const lr, lambda = 0.1, 0.5
	p := newParam(theta, false)
	opt := &optim.SGD{LearningRate: lr, WeightDecay: lambda}
	opt.Step([]*nnkit.Param{p})
	for i := range theta {
		for j := range theta[i] {
			want := (1 - lr*lambda) * theta[i][j]
			if got := p.Value.At(i, j); math.Abs(got-want) > 1e-15 {
				t.Errorf("SGD with weight decay: θ[%d][%d] = %v, want %v", i, j, got, want)
			}
		}
	}
}

// TestStatePerParam checks that an optimizer keeps separate state for each
// parameter: stepping two parameters together, in either order, gives each
// the values it gets when stepped alone.
func TestStatePerParam(t *testing.T) {
	theta1 := [][]float64{{0.5, -1.5}, {2, 0.1}}
	theta2 := [][]float64{{3, -0.2, 0.7}}
	grads1 := [][][]float64{{{0.1, -0.2}, {0.3, 1}}, {{-0.3, 0.1}, {0.2, 0.5}}, {{0.2, -0.4}, {-0.1, 0.3}}}
	grads2 := [][][]float64{{{2, -0.5, 0.05}}, {{1.5, 0.2, -0.1}}, {{-0.7, 0.4, 0.3}}}
	run := func(opt nnkit.Optimizer, order string) (p1, p2 *nnkit.Param) {
		p1, p2 = newParam(theta1, false), newParam(theta2, false)
		for k := range grads1 {
			setMatrix(p1.Grad, grads1[k])
			setMatrix(p2.Grad, grads2[k])
			switch order {
			case "12":
				opt.Step([]*nnkit.Param{p1, p2})
			case "21":
				opt.Step([]*nnkit.Param{p2, p1})
			case "1":
				opt.Step([]*nnkit.Param{p1})
			case "2":
				opt.Step([]*nnkit.Param{p2})
			}
		}
		return p1, p2
	}
	opts := all()
	for i, opt := range opts {
		alone1, _ := run(all()[i], "1")
		_, alone2 := run(all()[i], "2")
		for _, order := range []string{"12", "21"} {
			opt := opt
			if order == "21" {
				opt = all()[i]
			}
			p1, p2 := run(opt, order)
			if !mat.Equal(p1.Value, alone1.Value) || !mat.Equal(p2.Value, alone2.Value) {
				t.Errorf("%s: stepping parameters together (order %s) differs from stepping each alone", opt, order)
			}
		}
	}
}

// TestDeterministic checks that the same seed gives the same trajectory, bit
// for bit.
func TestDeterministic(t *testing.T) {
	for i := range all() {
		var runs [2]optim.Trajectory
		for r := range runs {
			q := newQuadratic(4, 7)
			x0 := []float64{1, -2, 0.5, 3}
			runs[r] = optim.Minimize(all()[i], q.Func, q.Grad, x0, 50)
		}
		if !slices.EqualFunc(runs[0].X, runs[1].X, slices.Equal) || !slices.Equal(runs[0].F, runs[1].F) {
			t.Errorf("%s: two runs with the same seed differ", all()[i])
		}
	}
}

// TestSaddleEscape checks that the momentum family leaves the saddle point of
// x² − y² from (1, 10⁻⁶), next to its ridge y = 0, far sooner than plain
// gradient descent does.
func TestSaddleEscape(t *testing.T) {
	const (
		lr      = 0.01
		y0      = 1e-6
		escaped = -1.0 // f below this value counts as escaped
		steps   = 2000
		// speedup is how many times fewer steps the momentum family
		// must need than gradient descent.
		speedup = 4
	)
	x0 := []float64{1, y0}
	var s landscape.Saddle
	steepest := func(opt nnkit.Optimizer) int {
		return optim.Minimize(opt, s.Func, s.Grad, x0, steps).FirstBelow(escaped)
	}

	// Gradient descent on x² − y² is linear: x_k = (1−2η)ᵏ·x₀ and
	// y_k = (1+2η)ᵏ·y₀, so its escape step follows in closed form.
	want := 0
	for math.Pow(1-2*lr, float64(2*want))-y0*y0*math.Pow(1+2*lr, float64(2*want)) >= escaped {
		want++
	}
	gd := steepest(optim.NewSGD(lr))
	if gd != want {
		t.Fatalf("SGD escaped after %d steps, want %d (closed form)", gd, want)
	}

	for _, opt := range []nnkit.Optimizer{
		optim.NewMomentum(lr), optim.NewNesterov(lr),
		optim.NewAdam(lr), optim.NewAMSGrad(lr),
		optim.NewAdaBound(lr), optim.NewAMSBound(lr),
	} {
		got := steepest(opt)
		t.Logf("%s escaped after %d steps (SGD: %d)", opt, got, gd)
		if got < 0 || got*speedup > gd {
			t.Errorf("%s escaped after %d steps, want at most %d (SGD needs %d)", opt, got, gd/speedup, gd)
		}
	}

	// Heavy-ball momentum on a coordinate with ∂f/∂θ = h·θ is the linear
	// recurrence θ_k = (1+μ−ηh)·θ_{k−1} − μ·θ_{k−2} with θ_{−1} = θ₀ (the
	// velocity starts at 0); h = 2 for x and −2 for y. Along y it grows like
	// zᵏ, z the larger root of z² − (1+μ+2η)·z + μ, about 1.107 per step
	// against gradient descent's 1.02.
	const mu = 0.9
	momentum := 0
	for xPrev, x, yPrev, y := x0[0], x0[0], x0[1], x0[1]; x*x-y*y >= escaped; momentum++ {
		xPrev, x = x, (1+mu-2*lr)*x-mu*xPrev
		yPrev, y = y, (1+mu+2*lr)*y-mu*yPrev
	}
	if got := steepest(optim.NewMomentum(lr)); got != momentum {
		t.Errorf("Momentum escaped after %d steps, want %d (linear recurrence)", got, momentum)
	}
}

func TestValidate(t *testing.T) {
	for _, opt := range all() {
		if err := opt.Validate(); err != nil {
			t.Errorf("%s: defaults: %v", opt, err)
		}
	}
	nan := math.NaN()
	for i, test := range []struct {
		opt  nnkit.Validator
		want string // part of the error
	}{
		{&optim.SGD{}, "learning rate must be positive, got 0"},
		{&optim.SGD{LearningRate: 0.1, WeightDecay: -1}, "weight decay"},
		{&optim.Momentum{LearningRate: 0.1, Momentum: 1}, "momentum must be in [0, 1), got 1"},
		{&optim.Nesterov{LearningRate: nan, Momentum: 0.9}, "learning rate must be positive, got NaN"},
		{&optim.AdaGrad{LearningRate: 0.1}, "epsilon"},
		{&optim.RMSProp{LearningRate: 0.1, Rho: -0.1, Epsilon: 1e-8}, "rho"},
		{&optim.AdaDelta{LearningRate: 1, Rho: 0.9, Epsilon: math.Inf(1)}, "epsilon"},
		{&optim.Adam{LearningRate: 1e-3, Beta1: 0.9, Beta2: 1, Epsilon: 1e-8}, "beta2"},
		{&optim.AMSGrad{LearningRate: 1e-3, Beta1: 1.5, Beta2: 0.999, Epsilon: 1e-8}, "beta1"},
		{&optim.AdaBound{LearningRate: 1e-3, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8, Gamma: 1e-3}, "final learning rate"},
		{&optim.AMSBound{LearningRate: 1e-3, FinalLearningRate: 0.1, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}, "gamma"},
	} {
		err := test.opt.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), "nnkit/optim: ") || !strings.Contains(err.Error(), test.want) {
			t.Errorf("%d: %T.Validate() = %v, want an nnkit/optim error containing %q", i, test.opt, err, test.want)
		}
	}
}

func TestString(t *testing.T) {
	for _, test := range []struct {
		opt  nnkit.Optimizer
		want string
	}{
		{optim.NewSGD(0.1), "SGD(lr=0.1)"},
		{&optim.SGD{LearningRate: 0.1, WeightDecay: 1e-4}, "SGD(lr=0.1, weight_decay=0.0001)"},
		{optim.NewMomentum(0.01), "Momentum(lr=0.01, μ=0.9)"},
		{optim.NewNesterov(0.01), "Nesterov(lr=0.01, μ=0.9)"},
		{optim.NewAdaGrad(0.01), "AdaGrad(lr=0.01, ε=1e-10)"},
		{optim.NewRMSProp(0.01), "RMSProp(lr=0.01, ρ=0.99, ε=1e-08)"},
		{optim.NewAdaDelta(1), "AdaDelta(lr=1, ρ=0.9, ε=1e-06)"},
		{optim.NewAdam(1e-3), "Adam(lr=0.001, β1=0.9, β2=0.999, ε=1e-08)"},
		{optim.NewAMSGrad(1e-3), "AMSGrad(lr=0.001, β1=0.9, β2=0.999, ε=1e-08)"},
		{optim.NewAdaBound(1e-3), "AdaBound(lr=0.001, final_lr=0.1, γ=0.001, β1=0.9, β2=0.999, ε=1e-08)"},
		{optim.NewAMSBound(1e-3), "AMSBound(lr=0.001, final_lr=0.1, γ=0.001, β1=0.9, β2=0.999, ε=1e-08)"},
	} {
		if got := test.opt.(interface{ String() string }).String(); got != test.want {
			t.Errorf("got %q, want %q", got, test.want)
		}
	}
}

// TestPanics checks the panic contract: a gradient of the wrong shape, or a
// parameter that changes shape between steps, is programmer misuse.
func TestPanics(t *testing.T) {
	for _, opt := range all() {
		bad := &nnkit.Param{Name: "w", Value: mat.NewDense(2, 3, nil), Grad: mat.NewDense(3, 2, nil)}
		err := nnkit.Maybe(func() { opt.Step([]*nnkit.Param{bad}) })
		if err == nil || !strings.Contains(err.Error(), "parameter w is 2×3 but its gradient is 3×2") {
			t.Errorf("%s: Step with mismatched gradient: got %v", opt, err)
		}
	}
	for _, opt := range []nnkit.Optimizer{optim.NewMomentum(0.1), optim.NewAdam(0.1)} {
		p := nnkit.NewParam("w", mat.NewDense(2, 2, nil))
		opt.Step([]*nnkit.Param{p})
		p.Value, p.Grad = mat.NewDense(3, 2, nil), mat.NewDense(3, 2, nil)
		err := nnkit.Maybe(func() { opt.Step([]*nnkit.Param{p}) })
		if err == nil || !strings.Contains(err.Error(), "changed shape to 3×2") {
			t.Errorf("%s: Step after a shape change: got %v", opt, err)
		}
	}
}

func TestMinimizeDiverged(t *testing.T) {
	// x² − y² is unbounded below, and with η = 1 gradient descent maps
	// (x, y) to (−x, 3y): after enough steps y overflows.
	var s landscape.Saddle
	tr := optim.Minimize(optim.NewSGD(1), s.Func, s.Grad, []float64{1, 1}, 1000)
	if !tr.Diverged {
		t.Fatal("Diverged = false, want true")
	}
	// 3ᵏ overflows float64 (max ≈ 1.8·10³⁰⁸) at k = 647; y² at k = 324.
	if got, want := tr.Len(), 324; got != want {
		t.Errorf("Len() = %d, want %d", got, want)
	}
	for k, f := range tr.F {
		if math.IsInf(f, 0) || math.IsNaN(f) {
			t.Fatalf("F[%d] = %v, want only finite values", k, f)
		}
	}
}

func TestBounds(t *testing.T) {
	for _, test := range []struct {
		final, gamma float64
		t            int
		lower, upper float64 // by hand: final·(1 − 1/(γt+1)), final·(1 + 1/(γt))
	}{
		{0.1, 0.5, 1, 0.1 / 3, 0.3},
		{0.1, 0.5, 2, 0.05, 0.2},
		{1, 1e-3, 1000, 0.5, 2},
		{2, 1, 0, 0, math.Inf(1)},
	} {
		lower, upper := optim.Bounds(test.final, test.gamma, test.t)
		near := func(a, b float64) bool { return a == b || math.Abs(a-b) <= 1e-15 }
		if !near(lower, test.lower) || !near(upper, test.upper) {
			t.Errorf("Bounds(%v, %v, %d) = %v, %v, want %v, %v", test.final, test.gamma, test.t, lower, upper, test.lower, test.upper)
		}
	}
}

func TestWeightDecay(t *testing.T) {
	if got, want := optim.WeightDecay(0.5, 2, 0.1), 0.7; math.Abs(got-want) > 1e-15 {
		t.Errorf("WeightDecay(0.5, 2, 0.1) = %v, want %v", got, want)
	}
	if got := optim.WeightDecay(0.5, 2, 0); got != 0.5 {
		t.Errorf("WeightDecay(0.5, 2, 0) = %v, want 0.5", got)
	}
}

// TestMinimizeScheduled checks gradient descent on f(x) = ½‖x‖², where a
// step with rate ηₜ maps x to (1 − ηₜ)·x, against that product.
func TestMinimizeScheduled(t *testing.T) {
	f := func(x []float64) float64 { return (x[0]*x[0] + x[1]*x[1]) / 2 }
	grad := func(g, x []float64) { copy(g, x) }
	rate := nnkit.ScheduleFunc(func(t int) float64 { return 0.5 / float64(t+1) })
	tr := optim.MinimizeScheduled(optim.NewSGD(99), rate, f, grad, []float64{2, -4}, 6)
	want := []float64{2, -4}
	for k := range 7 {
		if math.Abs(tr.X[k][0]-want[0]) > 1e-15 || math.Abs(tr.X[k][1]-want[1]) > 1e-15 {
			t.Fatalf("X[%d] = %v, want %v", k, tr.X[k], want)
		}
		for i := range want {
			want[i] *= 1 - rate(k)
		}
	}
	if err := nnkit.Maybe(func() { optim.MinimizeScheduled(noRate{}, rate, f, grad, []float64{1}, 1) }); err == nil || !strings.Contains(err.Error(), "cannot change its learning rate") {
		t.Errorf("optimizer without SetLearningRate: %v", err)
	}
}

// noRate is an optimizer without a learning rate to set.
type noRate struct{}

func (noRate) Step([]*nnkit.Param) {}
