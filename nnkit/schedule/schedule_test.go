package schedule_test

import (
	"math"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/schedule"
)

const tol = 1e-15

// Values of the cosine factor ½·(1 + cos(π·k/n)) used below, by hand:
// k/n = 1/4: ½ + √2/4; 1/3: 3/4; 1/2: ½; 2/3: ¼; 3/4: ½ − √2/4.
var (
	c14 = 0.5 + math.Sqrt2/4
	c34 = 0.5 - math.Sqrt2/4
)

func TestLearningRate(t *testing.T) {
	for _, test := range []struct {
		name string
		s    nnkit.Schedule
		want map[int]float64 // epoch → η, computed by hand
	}{
		{"Constant", schedule.Constant{Rate: 0.1}, map[int]float64{0: 0.1, 1: 0.1, 1000: 0.1}},
		{"Step", schedule.Step{Initial: 1, Every: 3, Factor: 0.5},
			map[int]float64{0: 1, 2: 1, 3: 0.5, 5: 0.5, 6: 0.25, 9: 0.125, 10: 0.125}},
		{"NewStep", schedule.NewStep(0.1, 30), map[int]float64{29: 0.1, 30: 0.1 * 0.1, 60: 0.1 * 0.1 * 0.1}},
		{"Exponential", schedule.Exponential{Initial: 2, Factor: 0.5},
			map[int]float64{0: 2, 1: 1, 2: 0.5, 10: 2.0 / 1024}},
		{"Cosine", schedule.NewCosine(1, 4),
			map[int]float64{0: 1, 1: c14, 2: 0.5, 3: c34, 4: 0, 5: 0, 100: 0}},
		{"Cosine/min", schedule.Cosine{Initial: 1.1, Min: 0.1, Period: 2},
			map[int]float64{0: 1.1, 1: 0.6, 2: 0.1, 3: 0.1}},
		{"Cosine/period 1", schedule.NewCosine(1, 1), map[int]float64{0: 1, 1: 0}},
		// Cycles of 2, 4, 8 epochs start at epochs 0, 2, 6.
		{"CosineRestarts/mult 2", schedule.CosineRestarts{Initial: 1, Period: 2, Mult: 2},
			map[int]float64{0: 1, 1: 0.5, 2: 1, 3: c14, 4: 0.5, 5: c34, 6: 1, 8: c14, 10: 0.5, 14: 1}},
		{"CosineRestarts/mult 1", schedule.NewCosineRestarts(1, 3),
			map[int]float64{0: 1, 1: 0.75, 2: 0.25, 3: 1, 4: 0.75, 5: 0.25, 300: 1}},
		{"CosineRestarts/min", schedule.CosineRestarts{Initial: 1.2, Min: 0.2, Period: 2, Mult: 1},
			map[int]float64{0: 1.2, 1: 0.7, 2: 1.2}},
		{"Warmup", schedule.Warmup{Epochs: 4, StartFactor: 0.2, Next: schedule.Step{Initial: 1, Every: 2, Factor: 0.5}},
			map[int]float64{0: 0.2, 1: 0.4, 2: 0.6, 3: 0.8, 4: 1, 5: 1, 6: 0.5, 8: 0.25}},
		{"Warmup/from 0", schedule.Warmup{Epochs: 2, Next: schedule.Constant{Rate: 0.1}},
			map[int]float64{0: 0, 1: 0.05, 2: 0.1}},
		{"Warmup/none", schedule.Warmup{Epochs: 0, Next: schedule.Exponential{Initial: 1, Factor: 0.5}},
			map[int]float64{0: 1, 1: 0.5}},
		{"NewWarmup", schedule.NewWarmup(2, schedule.NewCosine(0.3, 2)),
			map[int]float64{0: 0.1, 1: 0.2, 2: 0.3, 3: 0.15, 4: 0}},
		{"ScheduleFunc", nnkit.ScheduleFunc(func(e int) float64 { return 1 / float64(e+1) }),
			map[int]float64{0: 1, 3: 0.25}},
	} {
		for epoch, want := range test.want {
			if got := test.s.LearningRate(epoch); math.Abs(got-want) > tol {
				t.Errorf("%s: LearningRate(%d) = %v, want %v", test.name, epoch, got, want)
			}
		}
	}
}

func TestReduceOnPlateau(t *testing.T) {
	r := &schedule.ReduceOnPlateau{Initial: 1, Factor: 0.5, Patience: 2, Threshold: 0.1, Cooldown: 1, Min: 0.2}
	if got := r.LearningRate(0); got != 1 {
		t.Fatalf("before Observe: LearningRate = %v, want 1", got)
	}
	// Worked by hand: a loss improves when it is below 0.9·best; the rate
	// halves on the third evaluation without improvement, and the one after
	// a drop is a cooldown that does not count.
	for i, step := range []struct {
		loss, want float64
	}{
		{10, 1},    // first loss: best = 10
		{9.5, 1},   // not below 9: 1 bad
		{9.2, 1},   // 2 bad
		{9.1, 0.5}, // 3 bad > patience 2: halve, cooldown 1
		{9.05, 0.5},
		{9.0, 0.5}, // 9.0 is not below 9: 1 bad
		{8, 0.5},   // improves: best = 8
		{8, 0.5},
		{8, 0.5},
		{8, 0.25}, // 3 bad: halve
		{8, 0.25}, // cooldown
		{8, 0.25},
		{8, 0.25},
		{8, 0.2}, // halving would give 0.125: floor at Min
		{8, 0.2},
		{8, 0.2},
		{8, 0.2},
		{8, 0.2}, // stays at the floor
	} {
		r.Observe(step.loss)
		if got := r.LearningRate(i + 1); math.Abs(got-step.want) > tol {
			t.Errorf("after loss %d (%v): LearningRate = %v, want %v", i, step.loss, got, step.want)
		}
	}
}

func TestReduceOnPlateauNoPatience(t *testing.T) {
	r := schedule.NewReduceOnPlateau(1)
	r.Patience = 0
	for i, want := range []float64{1, 0.1, 0.01} {
		r.Observe(5) // only the first loss improves
		if got := r.LearningRate(i); math.Abs(got-want) > tol {
			t.Errorf("evaluation %d: LearningRate = %v, want %v", i, got, want)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, v := range []nnkit.Validator{
		schedule.Constant{Rate: 0.1},
		schedule.NewStep(0.1, 10),
		schedule.Exponential{Initial: 0.1, Factor: 0.9},
		schedule.NewCosine(0.1, 10),
		schedule.NewCosineRestarts(0.1, 10),
		schedule.NewWarmup(5, schedule.NewCosine(0.1, 10)),
		schedule.NewReduceOnPlateau(0.1),
	} {
		if err := v.Validate(); err != nil {
			t.Errorf("%v: %v", v, err)
		}
	}
	for i, test := range []struct {
		v    nnkit.Validator
		want string
	}{
		{schedule.Constant{}, "Constant: rate must be positive, got 0"},
		{schedule.Constant{Rate: math.Inf(1)}, "rate must be positive, got +Inf"},
		{schedule.Step{Initial: 0.1, Factor: 0.1}, "Step: every must be at least 1, got 0"},
		{schedule.Step{Initial: 0.1, Every: 3, Factor: 1.5}, "factor must be in (0, 1], got 1.5"},
		{schedule.Exponential{Initial: 0.1}, "Exponential: factor must be in (0, 1], got 0"},
		{schedule.Cosine{Initial: 0.1, Min: 0.2, Period: 3}, "minimum learning rate must be in [0, initial rate 0.1), got 0.2"},
		{schedule.Cosine{Initial: 0.1}, "Cosine: period must be at least 1, got 0"},
		{schedule.CosineRestarts{Initial: 0.1, Period: 3}, "CosineRestarts: mult must be at least 1, got 0"},
		{schedule.Warmup{Epochs: 3}, "Warmup: Next is nil"},
		{schedule.Warmup{Epochs: 3, StartFactor: 2, Next: schedule.Constant{Rate: 1}}, "start factor must be in [0, 1], got 2"},
		{schedule.NewWarmup(3, schedule.Constant{}), "Constant: rate must be positive"},
		{&schedule.ReduceOnPlateau{Initial: 1, Factor: 1}, "ReduceOnPlateau: factor must be in (0, 1), got 1"},
		{&schedule.ReduceOnPlateau{Initial: 1, Factor: 0.5, Patience: -1}, "patience must be at least 0, got -1"},
	} {
		err := test.v.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), "nnkit/schedule: ") || !strings.Contains(err.Error(), test.want) {
			t.Errorf("%d: Validate() = %v, want an error containing %q", i, err, test.want)
		}
	}
}

func TestString(t *testing.T) {
	for _, test := range []struct {
		s    nnkit.Schedule
		want string
	}{
		{schedule.Constant{Rate: 0.1}, "Constant(η₀=0.1)"},
		{schedule.NewStep(0.1, 30), "Step(η₀=0.1, every=30, γ=0.1)"},
		{schedule.Exponential{Initial: 0.1, Factor: 0.95}, "Exponential(η₀=0.1, γ=0.95)"},
		{schedule.NewCosine(0.1, 100), "Cosine(η₀=0.1, η_min=0, T=100)"},
		{schedule.CosineRestarts{Initial: 0.1, Period: 10, Mult: 2}, "CosineRestarts(η₀=0.1, η_min=0, T₀=10, T_mult=2)"},
		{schedule.NewWarmup(5, schedule.NewCosine(0.1, 95)), "Warmup(W=5, f=0.333) → Cosine(η₀=0.1, η_min=0, T=95)"},
		{schedule.NewReduceOnPlateau(0.1), "ReduceOnPlateau(η=0.1, γ=0.1, patience=10, τ=0.0001)"},
	} {
		if got := test.s.(interface{ String() string }).String(); got != test.want {
			t.Errorf("got %q, want %q", got, test.want)
		}
	}
}

// TestPanics checks the panic contract: a negative epoch, and a
// configuration that Validate rejects and that LearningRate cannot evaluate.
func TestPanics(t *testing.T) {
	for _, test := range []struct {
		name string
		fn   func()
		want string
	}{
		{"negative epoch", func() { schedule.NewCosine(1, 3).LearningRate(-1) }, "nnkit/schedule: Cosine.LearningRate: epoch -1 is negative"},
		{"Step every 0", func() { schedule.Step{Initial: 1}.LearningRate(3) }, "every is 0"},
		{"CosineRestarts mult 0", func() { schedule.CosineRestarts{Initial: 1, Period: 2}.LearningRate(5) }, "mult 0 must be at least 1"},
		{"Warmup nil", func() { schedule.Warmup{Epochs: 1}.LearningRate(0) }, "Next is nil"},
	} {
		if err := nnkit.Maybe(test.fn); err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("%s: got %v, want a panic containing %q", test.name, err, test.want)
		}
	}
}
