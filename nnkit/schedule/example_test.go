package schedule_test

import (
	"fmt"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/optim"
	"github.com/nnbook/nnbook/nnkit/schedule"
)

// show prints η for the first n epochs of s.
func show(s nnkit.Schedule, n int) {
	fmt.Println(s)
	for e := range n {
		fmt.Printf("%.4f ", s.LearningRate(e))
	}
	fmt.Println()
}

func ExampleConstant() {
	show(schedule.Constant{Rate: 0.1}, 4)
	// Output:
	// Constant(η₀=0.1)
	// 0.1000 0.1000 0.1000 0.1000
}

func ExampleStep() {
	show(schedule.NewStep(0.1, 3), 10)
	// Output:
	// Step(η₀=0.1, every=3, γ=0.1)
	// 0.1000 0.1000 0.1000 0.0100 0.0100 0.0100 0.0010 0.0010 0.0010 0.0001
}

func ExampleExponential() {
	show(schedule.Exponential{Initial: 0.1, Factor: 0.5}, 6)
	// Output:
	// Exponential(η₀=0.1, γ=0.5)
	// 0.1000 0.0500 0.0250 0.0125 0.0063 0.0031
}

// The rate falls slowly at first, fastest half-way, and flattens out at
// η_min after T epochs.
func ExampleCosine() {
	show(schedule.NewCosine(0.1, 8), 10)
	// Output:
	// Cosine(η₀=0.1, η_min=0, T=8)
	// 0.1000 0.0962 0.0854 0.0691 0.0500 0.0309 0.0146 0.0038 0.0000 0.0000
}

// Cycles of 2, 4 and 8 epochs, each restarting at η₀.
func ExampleCosineRestarts() {
	s := schedule.NewCosineRestarts(0.1, 2)
	s.Mult = 2
	show(s, 14)
	// Output:
	// CosineRestarts(η₀=0.1, η_min=0, T₀=2, T_mult=2)
	// 0.1000 0.0500 0.1000 0.0854 0.0500 0.0146 0.1000 0.0962 0.0854 0.0691 0.0500 0.0309 0.0146 0.0038
}

// A warm-up of 4 epochs into a cosine anneal of 6, driving an optimizer's
// learning rate from a training loop.
func ExampleWarmup() {
	s := schedule.NewWarmup(4, schedule.NewCosine(0.3, 6))
	opt := optim.NewSGD(0.3)
	for epoch := range 10 {
		opt.SetLearningRate(s.LearningRate(epoch))
		// … one epoch of training with opt …
		fmt.Printf("epoch %d: η = %.4f\n", epoch, opt.LearningRate)
	}
	// Output:
	// epoch 0: η = 0.1000
	// epoch 1: η = 0.1500
	// epoch 2: η = 0.2000
	// epoch 3: η = 0.2500
	// epoch 4: η = 0.3000
	// epoch 5: η = 0.2799
	// epoch 6: η = 0.2250
	// epoch 7: η = 0.1500
	// epoch 8: η = 0.0750
	// epoch 9: η = 0.0201
}

// The training loop reports each validation loss with Observe. With patience
// 2 the rate drops on the third evaluation in a row that is not an
// improvement of at least 1%.
func ExampleReduceOnPlateau() {
	s := schedule.NewReduceOnPlateau(0.1)
	s.Patience, s.Threshold = 2, 0.01
	opt := optim.NewMomentum(s.LearningRate(0))
	for epoch, valLoss := range []float64{1.0, 0.8, 0.7, 0.699, 0.698, 0.697, 0.6, 0.6, 0.6, 0.6} {
		opt.SetLearningRate(s.LearningRate(epoch))
		// … one epoch of training with opt, then validation …
		s.Observe(valLoss)
		fmt.Printf("epoch %d: loss %.3f, next η = %.4g\n", epoch, valLoss, s.LearningRate(epoch+1))
	}
	// Output:
	// epoch 0: loss 1.000, next η = 0.1
	// epoch 1: loss 0.800, next η = 0.1
	// epoch 2: loss 0.700, next η = 0.1
	// epoch 3: loss 0.699, next η = 0.1
	// epoch 4: loss 0.698, next η = 0.1
	// epoch 5: loss 0.697, next η = 0.01
	// epoch 6: loss 0.600, next η = 0.01
	// epoch 7: loss 0.600, next η = 0.01
	// epoch 8: loss 0.600, next η = 0.01
	// epoch 9: loss 0.600, next η = 0.001
}

// Validate checks the warm-up and the schedule that follows it.
func ExampleWarmup_Validate() {
	fmt.Println(schedule.NewWarmup(5, schedule.NewCosine(0.1, 0)).Validate())
	fmt.Println(schedule.NewWarmup(5, schedule.NewCosine(0.1, 95)).Validate())
	// Output:
	// nnkit/schedule: Cosine: period must be at least 1, got 0
	// <nil>
}
