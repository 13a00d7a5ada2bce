package gpubench_test

import (
	"context"
	"math/rand/v2"
	"os"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/gpu"
	"github.com/nnbook/nnbook/nnkit/activation"
	"github.com/nnbook/nnbook/nnkit/data"
	"github.com/nnbook/nnbook/nnkit/data/dataset"
	"github.com/nnbook/nnbook/nnkit/initializer"
	"github.com/nnbook/nnbook/nnkit/loss"
	"github.com/nnbook/nnbook/nnkit/model"
	"github.com/nnbook/nnbook/nnkit/optim"
)

// trainSet is the training data and, for MNIST, the test set (else nil).
type trainSet struct {
	x, y, xTest, yTest *mat.Dense
}

// loadData returns MNIST, or 60 000 random dense rows (features uniform
// in [−1, 1), random one-hot labels) when MNIST cannot be found.
func loadData(b *testing.B) trainSet {
	x, labels, err := dataset.MNISTTrain("")
	if err == nil {
		var xTest *mat.Dense
		var testLabels []int
		if xTest, testLabels, err = dataset.MNISTTest(""); err == nil {
			return trainSet{x, data.OneHot(labels, 10), xTest, data.OneHot(testLabels, 10)}
		}
	}
	b.Logf("training on random dense data: %v", err)
	const rows = 60000
	rng := rand.New(rand.NewPCG(1, 1))
	x, y := mat.NewDense(rows, 784, nil), mat.NewDense(rows, 10, nil)
	for i := range rows {
		for j := range 784 {
			x.Set(i, j, 2*rng.Float64()-1)
		}
		y.Set(i, rng.IntN(10), 1)
	}
	return trainSet{x: x, y: y}
}

// BenchmarkMLPEpoch times one epoch of nnkit/model's benchmark network (a
// 784-128-64-10 ReLU MLP, softmax cross-entropy, SGD with η = 0.1,
// mini-batches of 64, the same initial weights) on MNIST's 60 000
// training images, with blas64.Use set to
//
//	cpu  gonum's pure-Go BLAS
//	gpu  gpu.New()'s: products with m·n·k ≥ gpu.DefaultThreshold (the
//	     first layer's, 64×784×128) on the device, the rest on the CPU
//
// and reports test-acc, the accuracy on MNIST's 10 000 test images after
// the epochs timed (one with -benchtime 1x). Without MNIST (see
// dataset.MNISTDir) it trains on random dense data. gpu skips without a
// device, and fails if a product fell back to the CPU. Each sub-benchmark
// restores the BLAS implementation it found.
func BenchmarkMLPEpoch(b *testing.B) {
	d := loadData(b)
	dev, devErr := gpu.New()
	for _, c := range []struct {
		name string
		impl blas.Float64
		err  error
	}{
		{"cpu", gonum.Implementation{}, nil},
		{"gpu", dev, devErr},
	} {
		b.Run(c.name, func(b *testing.B) {
			if c.err != nil {
				if os.Getenv(gpu.EnvRequireDevice) != "" {
					b.Fatalf("%s is set but no CUDA device can be used: %v", gpu.EnvRequireDevice, c.err)
				}
				b.Skip(c.err)
			}
			defer blas64.Use(blas64.Implementation())
			blas64.Use(c.impl)
			net := model.NewMLPWith(model.MLPConfig{Sizes: []int{784, 128, 64, 10}, Init: initializer.HeNormal{}, Seed: 1},
				activation.NewReLU, activation.NewIdentity)
			cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(0.1))
			cfg.BatchSize = 64
			b.ReportAllocs()
			for b.Loop() {
				if _, err := model.Fit(context.Background(), net, d.x, d.y, cfg); err != nil {
					b.Fatal(err)
				}
			}
			if d.xTest != nil {
				e := model.Evaluate(net, d.xTest, d.yTest, loss.NewCrossEntropy(), model.NewAccuracy())
				b.ReportMetric(e.Metrics["accuracy"], "test-acc")
			}
		})
	}
	if devErr == nil {
		if err := dev.Err(); err != nil {
			b.Errorf("gpu: a product ran on the CPU instead: %v", err)
		}
		if err := dev.Close(); err != nil {
			b.Error(err)
		}
	}
}
