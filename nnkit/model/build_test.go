package model_test

import (
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit/activation"
	"github.com/nnbook/nnbook/nnkit/initializer"
	"github.com/nnbook/nnbook/nnkit/layer"
	"github.com/nnbook/nnbook/nnkit/model"
)

// sameParams reports whether a and b have equal parameter values, in order.
func sameParams(t *testing.T, name string, a, b *model.Sequential) {
	t.Helper()
	pa, pb := a.Params(), b.Params()
	if len(pa) != len(pb) {
		t.Fatalf("%s: %d and %d parameters", name, len(pa), len(pb))
	}
	for i := range pa {
		if pa[i].Name != pb[i].Name || !mat.Equal(pa[i].Value, pb[i].Value) {
			t.Errorf("%s: parameter %d: %v and %v differ", name, i, pa[i], pb[i])
		}
	}
}

// TestBuildMatchesHandBuilt: Build, NewMLP and NewSequential of the same
// layers with the same seeds give the same network, weights bit for bit.
func TestBuildMatchesHandBuilt(t *testing.T) {
	hand := model.NewSequential(
		layer.NewDenseWith(layer.DenseConfig{In: 5, Out: 7, Init: initializer.XavierNormal{}, Seed: 1}), activation.NewTanh(),
		layer.NewDenseWith(layer.DenseConfig{In: 7, Out: 3, Init: initializer.XavierNormal{}, Seed: 2}), activation.NewSigmoid(),
	)
	mlp := model.NewMLP([]int{5, 7, 3}, activation.NewTanh, activation.NewSigmoid)
	built := model.Build(5, model.Dense(7, activation.NewTanh), model.Dense(3, activation.NewSigmoid))
	for _, n := range []*model.Sequential{mlp, built} {
		if n.String() != hand.String() {
			t.Errorf("%v, want %v", n, hand)
		}
		sameParams(t, n.String(), n, hand)
	}
}

func TestMLPDropoutBatchNorm(t *testing.T) {
	c := model.MLPConfig{Sizes: []int{4, 8, 6, 2}, Init: initializer.HeNormal{}, Seed: 3, Dropout: []float64{0.5, 0.25}, BatchNorm: true}
	net := model.NewMLPWith(c, activation.NewReLU, activation.NewIdentity)
	want := "Sequential(Dense(4→8), BatchNorm(8, ρ=0.9, ε=1e-05), ReLU, Dropout(p=0.5), Dense(8→6), BatchNorm(6, ρ=0.9, ε=1e-05), ReLU, Dropout(p=0.25), Dense(6→2), Identity)"
	if net.String() != want {
		t.Errorf("got  %v\nwant %s", net, want)
	}
	built := model.BuildWith(model.BuildConfig{In: 4, Seed: 3},
		model.DenseBlock{Units: 8, Init: initializer.HeNormal{}, BatchNorm: true, Activation: model.Act(activation.NewReLU), Dropout: 0.5},
		model.DenseBlock{Units: 6, Init: initializer.HeNormal{}, BatchNorm: true, Activation: model.Act(activation.NewReLU), Dropout: 0.25},
		model.DenseBlock{Units: 2, Init: initializer.HeNormal{}, Activation: model.Act(activation.NewIdentity)},
	)
	sameParams(t, "BuildWith", built, net)

	one := model.NewMLPWith(model.MLPConfig{Sizes: []int{4, 8, 6, 2}, Init: initializer.HeNormal{}, Seed: 3, Dropout: []float64{0.1}}, activation.NewReLU, activation.NewIdentity)
	if got := one.String(); got != "Sequential(Dense(4→8), ReLU, Dropout(p=0.1), Dense(8→6), ReLU, Dropout(p=0.1), Dense(6→2), Identity)" {
		t.Errorf("one rate for all: %s", got)
	}
	for _, bad := range []model.MLPConfig{
		{Sizes: []int{4, 8, 6, 2}, Init: initializer.HeNormal{}, Dropout: []float64{0.1, 0.2, 0.3}},
		{Sizes: []int{4, 8, 2}, Init: initializer.HeNormal{}, Dropout: []float64{1}},
	} {
		if bad.Validate() == nil {
			t.Errorf("Validate accepted %+v", bad)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	wantPanic(t, "input", func() { model.Build(0, model.Linear(3)) }, "input width is 0")
	wantPanic(t, "units", func() { model.Build(4, model.Dense(8, activation.NewReLU), model.Linear(0)) }, "block 1", "for 8 inputs", "Out=0")
	wantPanic(t, "rate", func() { model.Build(4, model.Dropout(1.5)) }, "block 0", "rate")
	wantPanic(t, "nil activation", func() { model.Dense[*activation.ReLU](3, nil) }, "model.Linear(3)")
}
