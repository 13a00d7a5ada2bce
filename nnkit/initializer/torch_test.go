package initializer_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit/initializer"
)

// torchCase is one shape of testdata/torch.json, written by
// testdata/torch_ref.py.
type torchCase struct {
	In, Out                 int
	XavierNormalSigma       float64 `json:"xavier_normal_sigma"`
	XavierNormalSampleStd   float64 `json:"xavier_normal_sample_std"`
	KaimingUniformBound     float64 `json:"kaiming_uniform_bound"`
	KaimingUniformSampleMax float64 `json:"kaiming_uniform_sample_max"`
	KaimingUniformSampleStd float64 `json:"kaiming_uniform_sample_std"`
}

func torchCases(t *testing.T) []torchCase {
	t.Helper()
	b, err := os.ReadFile("testdata/torch.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct{ Cases []torchCase }
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	return ref.Cases
}

// TestGlorotNormalMatchesTorch compares GlorotNormal with PyTorch's
// xavier_normal_: the spread PyTorch's fan helper gives, and the sample
// standard deviation of a PyTorch draw of the same shape (both draws have a
// standard error of at most 0.7 %; the tolerance is 3 %). The lecture's
// XavierNormal differs from it whenever in ≠ out.
func TestGlorotNormalMatchesTorch(t *testing.T) {
	for _, c := range torchCases(t) {
		w := mat.NewDense(c.In, c.Out, nil)
		initializer.GlorotNormal{}.Fill(w, rand.New(rand.NewPCG(5, 5)))
		_, std := moments(w)
		if math.Abs(std-c.XavierNormalSigma) > 0.02*c.XavierNormalSigma || math.Abs(std-c.XavierNormalSampleStd) > 0.03*c.XavierNormalSampleStd {
			t.Errorf("%d→%d: GlorotNormal std %v, torch σ %v (sample %v)", c.In, c.Out, std, c.XavierNormalSigma, c.XavierNormalSampleStd)
		}
		initializer.XavierNormal{}.Fill(w, rand.New(rand.NewPCG(5, 5)))
		if _, lecture := moments(w); math.Abs(lecture-c.XavierNormalSigma) < 0.1*c.XavierNormalSigma {
			t.Errorf("%d→%d: the lecture's XavierNormal (std %v) should differ from torch's xavier_normal_ (σ %v)", c.In, c.Out, lecture, c.XavierNormalSigma)
		}
	}
}

// TestHeUniformMatchesTorch compares HeUniform with PyTorch's
// kaiming_uniform_ (fan_in, relu): every weight within PyTorch's bound, the
// largest close to it, and the sample standard deviation within 3 % of a
// PyTorch draw's.
func TestHeUniformMatchesTorch(t *testing.T) {
	for _, c := range torchCases(t) {
		w := mat.NewDense(c.In, c.Out, nil)
		initializer.HeUniform{}.Fill(w, rand.New(rand.NewPCG(6, 6)))
		big := 0.0
		for _, v := range w.RawMatrix().Data {
			big = max(big, math.Abs(v))
		}
		_, std := moments(w)
		if big > c.KaimingUniformBound || big < 0.999*c.KaimingUniformBound {
			t.Errorf("%d→%d: HeUniform max |w| %v, torch bound %v", c.In, c.Out, big, c.KaimingUniformBound)
		}
		if math.Abs(std-c.KaimingUniformSampleStd) > 0.03*c.KaimingUniformSampleStd {
			t.Errorf("%d→%d: HeUniform std %v, torch sample std %v", c.In, c.Out, std, c.KaimingUniformSampleStd)
		}
	}
}
