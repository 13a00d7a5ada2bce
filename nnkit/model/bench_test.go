package model_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/activation"
	"github.com/nnbook/nnbook/nnkit/data"
	"github.com/nnbook/nnbook/nnkit/data/dataset"
	"github.com/nnbook/nnbook/nnkit/initializer"
	"github.com/nnbook/nnbook/nnkit/loss"
	"github.com/nnbook/nnbook/nnkit/model"
	"github.com/nnbook/nnbook/nnkit/optim"
)

// The MNIST-sized benchmarks of the training loop: a 784-128-64-10 ReLU MLP,
// softmax cross-entropy, SGD with η = 0.1, mini-batches of 64, one epoch
// over 60 000 rows per iteration, with a sub-benchmark per data set:
//
//	dense  random rows, features uniform in [−1, 1), random one-hot labels
//	mnist  MNIST's training images, pixels in [0, 1] (81 % of them 0), and
//	       their one-hot labels; skipped when MNIST cannot be found (see
//	       dataset.MNISTDir)
//
// mnist also reports test-acc, the accuracy on MNIST's 10 000 test images
// after the epochs timed (one with -benchtime 1x), as a check that the
// network learns. BenchmarkPlainGonumEpoch is the same computation written
// directly against gonum, the yardstick for what nnkit's abstractions cost.
// Compare them from one run:
//
//	go test -run '^$' -bench 'Epoch/' -benchtime 1x -count 5 ./nnkit/model/
const (
	benchRows  = 60000
	benchBatch = 64
	benchLR    = 0.1
)

var benchSizes = []int{784, 128, 64, 10}

// benchSet is the training data of an epoch benchmark and, where the data
// set has one, a test set (else nil) to score the trained network on.
type benchSet struct {
	x, y, xTest, yTest *mat.Dense
}

// benchSets are the data sets of the epoch benchmarks, each loaded once.
var benchSets = []struct {
	name string
	load func() (benchSet, error)
}{
	{"dense", sync.OnceValues(func() (benchSet, error) {
		x, y := randomData(benchRows, benchSizes[0], benchSizes[3], 1)
		return benchSet{x: x, y: y}, nil
	})},
	{"mnist", sync.OnceValues(func() (benchSet, error) {
		x, labels, err := dataset.MNISTTrain("")
		if err != nil {
			return benchSet{}, err
		}
		xTest, testLabels, err := dataset.MNISTTest("")
		if err != nil {
			return benchSet{}, err
		}
		return benchSet{x, data.OneHot(labels, 10), xTest, data.OneHot(testLabels, 10)}, nil
	})},
}

// benchEpochs is the body of the epoch benchmarks: a sub-benchmark per
// data set in benchSets that calls start once for a fresh network and the
// function that trains it for one epoch, and times that function.
func benchEpochs(b *testing.B, start func(x, y *mat.Dense) (net nnkit.Layer, epoch func() error)) {
	for _, s := range benchSets {
		b.Run(s.name, func(b *testing.B) {
			d, err := s.load()
			if err != nil {
				b.Skip(err)
			}
			net, epoch := start(d.x, d.y)
			b.ReportAllocs()
			for b.Loop() {
				if err := epoch(); err != nil {
					b.Fatal(err)
				}
			}
			if d.xTest != nil {
				e := model.Evaluate(net, d.xTest, d.yTest, loss.NewCrossEntropy(), model.NewAccuracy())
				b.ReportMetric(e.Metrics["accuracy"], "test-acc")
			}
		})
	}
}

func newBenchNet() *model.Sequential {
	return model.NewMLPWith(model.MLPConfig{Sizes: benchSizes, Init: initializer.HeNormal{}, Seed: 1},
		activation.NewReLU, activation.NewIdentity)
}

func BenchmarkMLPEpoch(b *testing.B) {
	benchEpochs(b, func(x, y *mat.Dense) (nnkit.Layer, func() error) {
		net := newBenchNet()
		cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(benchLR))
		cfg.BatchSize = benchBatch
		return net, func() error {
			_, err := model.Fit(context.Background(), net, x, y, cfg)
			return err
		}
	})
}

// BenchmarkMLPStep is one steady-state training step of the same network
// on one batch, to show that a step allocates no matrices.
func BenchmarkMLPStep(b *testing.B) {
	xb, yb := randomData(benchBatch, benchSizes[0], benchSizes[3], 1)
	net := newBenchNet()
	ce, sgd := loss.NewCrossEntropy(), optim.NewSGD(benchLR)
	params := net.Params()
	step := func() {
		pred := net.Forward(xb, nnkit.Train)
		ce.Loss(pred, yb)
		g := ce.Grad(pred, yb)
		for _, p := range params {
			p.ZeroGrad()
		}
		net.BackwardParams(g)
		sgd.Step(params)
	}
	step() // allocate the buffers
	b.ReportAllocs()
	for b.Loop() {
		step()
	}
}

// plainMLP is the benchmark network written by hand against gonum. It
// trains the parameters of net, a newBenchNet network, in place, so that
// both start from the same weights and net scores what plainMLP learned.
type plainMLP struct {
	net   *model.Sequential
	w, dw [3]*mat.Dense
	b, db [3][]float64
}

func newPlainMLP() *plainMLP {
	m := plainMLP{net: newBenchNet()}
	for i, p := range m.net.Params() {
		l := i / 2
		if i%2 == 0 {
			m.w[l] = p.Value
			r, c := p.Value.Dims()
			m.dw[l] = mat.NewDense(r, c, nil)
		} else {
			m.b[l] = p.Value.RawRowView(0)
			m.db[l] = make([]float64, len(m.b[l]))
		}
	}
	return &m
}

// plainBuffers holds the activations and gradients of one batch size.
type plainBuffers struct {
	xb, yb             *mat.Dense
	h1, h2, z, dz, dh2 *mat.Dense
	dh1                *mat.Dense
}

func newPlainBuffers(n int) *plainBuffers {
	return &plainBuffers{
		xb: mat.NewDense(n, 784, nil), yb: mat.NewDense(n, 10, nil),
		h1: mat.NewDense(n, 128, nil), h2: mat.NewDense(n, 64, nil), z: mat.NewDense(n, 10, nil),
		dz: mat.NewDense(n, 10, nil), dh2: mat.NewDense(n, 64, nil), dh1: mat.NewDense(n, 128, nil),
	}
}

func addBias(m *mat.Dense, b []float64) {
	r, _ := m.Dims()
	for i := 0; i < r; i++ {
		floats.Add(m.RawRowView(i), b)
	}
}

func reluInPlace(m *mat.Dense) {
	d := m.RawMatrix().Data
	for i, v := range d {
		if v < 0 {
			d[i] = 0
		}
	}
}

// reluGrad zeroes d where the ReLU output h is 0.
func reluGrad(d, h *mat.Dense) {
	dd, hd := d.RawMatrix().Data, h.RawMatrix().Data
	for i, v := range hd {
		if v <= 0 {
			dd[i] = 0
		}
	}
}

func colSums(dst []float64, m *mat.Dense) {
	r, _ := m.Dims()
	for j := range dst {
		dst[j] = 0
	}
	for i := 0; i < r; i++ {
		floats.Add(dst, m.RawRowView(i))
	}
}

// step trains on the batch in s and returns the batch loss.
func (m *plainMLP) step(s *plainBuffers) float64 {
	n, _ := s.xb.Dims()
	// Forward.
	s.h1.Mul(s.xb, m.w[0])
	addBias(s.h1, m.b[0])
	reluInPlace(s.h1)
	s.h2.Mul(s.h1, m.w[1])
	addBias(s.h2, m.b[1])
	reluInPlace(s.h2)
	s.z.Mul(s.h2, m.w[2])
	addBias(s.z, m.b[2])
	// Softmax cross-entropy and its gradient (softmax − y)/n.
	var loss float64
	for i := 0; i < n; i++ {
		z, y, dz := s.z.RawRowView(i), s.yb.RawRowView(i), s.dz.RawRowView(i)
		mx := floats.Max(z)
		var sum float64
		for j, v := range z {
			dz[j] = math.Exp(v - mx)
			sum += dz[j]
		}
		lse := mx + math.Log(sum)
		for j := range dz {
			loss += y[j] * (lse - z[j])
			dz[j] = (dz[j]/sum - y[j]) / float64(n)
		}
	}
	// Backward.
	m.dw[2].Mul(s.h2.T(), s.dz)
	colSums(m.db[2], s.dz)
	s.dh2.Mul(s.dz, m.w[2].T())
	reluGrad(s.dh2, s.h2)
	m.dw[1].Mul(s.h1.T(), s.dh2)
	colSums(m.db[1], s.dh2)
	s.dh1.Mul(s.dh2, m.w[1].T())
	reluGrad(s.dh1, s.h1)
	m.dw[0].Mul(s.xb.T(), s.dh1)
	colSums(m.db[0], s.dh1)
	// SGD.
	for l := range 3 {
		floats.AddScaled(m.w[l].RawMatrix().Data, -benchLR, m.dw[l].RawMatrix().Data)
		floats.AddScaled(m.b[l], -benchLR, m.db[l])
	}
	return loss / float64(n)
}

// epoch runs one shuffled epoch in mini-batches and returns the mean loss.
func (m *plainMLP) epoch(x, y *mat.Dense, rng *rand.Rand, perm []int, full, rest *plainBuffers) float64 {
	rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
	var total float64
	for lo := 0; lo < len(perm); lo += benchBatch {
		hi := min(lo+benchBatch, len(perm))
		s := full
		if hi-lo < benchBatch {
			s = rest
		}
		for i, r := range perm[lo:hi] {
			copy(s.xb.RawRowView(i), x.RawRowView(r))
			copy(s.yb.RawRowView(i), y.RawRowView(r))
		}
		total += m.step(s) * float64(hi-lo)
	}
	return total / float64(len(perm))
}

func BenchmarkPlainGonumEpoch(b *testing.B) {
	benchEpochs(b, func(x, y *mat.Dense) (nnkit.Layer, func() error) {
		m := newPlainMLP()
		rng := rand.New(rand.NewPCG(1, 1))
		n, _ := x.Dims()
		perm := make([]int, n)
		for i := range perm {
			perm[i] = i
		}
		full, rest := newPlainBuffers(benchBatch), newPlainBuffers(n%benchBatch)
		return m.net, func() error {
			if l := m.epoch(x, y, rng, perm, full, rest); math.IsNaN(l) {
				return errors.New("loss is NaN")
			}
			return nil
		}
	})
}

// TestPlainMatchesFit checks that the hand-written benchmark network computes
// what Fit computes: after one epoch on 1 000 rows from the same weights and
// shuffling seed, both have the same weights up to rounding.
func TestPlainMatchesFit(t *testing.T) {
	x, y := randomData(1000, 784, 10, 3)
	net := newBenchNet()
	cfg := model.NewFitConfig(loss.NewCrossEntropy(), optim.NewSGD(benchLR))
	cfg.BatchSize = benchBatch
	h, err := model.Fit(context.Background(), net, x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	m := newPlainMLP()
	perm := make([]int, 1000)
	for i := range perm {
		perm[i] = i
	}
	l := m.epoch(x, y, rand.New(rand.NewPCG(1, 1)), perm, newPlainBuffers(benchBatch), newPlainBuffers(1000%benchBatch))
	if math.Abs(l-h.Epochs[0].Loss) > 1e-12 {
		t.Errorf("epoch loss: plain %v, Fit %v", l, h.Epochs[0].Loss)
	}
	for i, p := range net.Params() {
		var want []float64
		if i%2 == 0 {
			want = m.w[i/2].RawMatrix().Data
		} else {
			want = m.b[i/2]
		}
		if !floats.EqualApprox(p.Value.RawMatrix().Data, want, 1e-12) {
			t.Errorf("%s differs between Fit and the plain implementation", p.Name)
		}
	}
}
