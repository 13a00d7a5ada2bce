package optim_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/optim"
)

// refTol is the largest difference allowed from the reference steps: the Go
// code and the reference compute the same expressions in float64, in a
// slightly different order.
const refTol = 1e-12

// scheduled is an optimizer whose learning rate the reference cases set
// before each step.
type scheduled interface {
	nnkit.Optimizer
	nnkit.LearningRateSetter
	nnkit.Validator
}

// zeroOptimizers returns an optimizer with all fields zero for each
// algorithm name used in testdata/reference.json; the case's hyperparameters
// are decoded into it.
var zeroOptimizers = map[string]func() scheduled{
	"SGD":      func() scheduled { return &optim.SGD{} },
	"Momentum": func() scheduled { return &optim.Momentum{} },
	"Nesterov": func() scheduled { return &optim.Nesterov{} },
	"AdaGrad":  func() scheduled { return &optim.AdaGrad{} },
	"RMSProp":  func() scheduled { return &optim.RMSProp{} },
	"AdaDelta": func() scheduled { return &optim.AdaDelta{} },
	"Adam":     func() scheduled { return &optim.Adam{} },
	"AMSGrad":  func() scheduled { return &optim.AMSGrad{} },
	"AdaBound": func() scheduled { return &optim.AdaBound{} },
	"AMSBound": func() scheduled { return &optim.AMSBound{} },
}

type reference struct {
	Theta0 [][]float64   `json:"theta0"`
	Grads  [][][]float64 `json:"grads"`
	Cases  []struct {
		Name      string          `json:"name"`
		Optimizer string          `json:"optimizer"`
		Hyper     json.RawMessage `json:"hyper"`
		LRs       []float64       `json:"lrs"`
		Steps     [][][]float64   `json:"steps"`
		Source    string          `json:"source"`
	} `json:"cases"`
}

// TestReferenceSteps checks the first three steps of every optimizer against
// testdata/reference.json, written by testdata/reference.py: PyTorch 1.13
// (torch.optim, float64) for the algorithms it has, and a plain-Python
// derivation from the AdaBound paper and reference code for AdaBound and
// AMSBound. Each case runs on a contiguous parameter and on a strided view.
func TestReferenceSteps(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range ref.Cases {
		seen[c.Optimizer] = true
		for _, strided := range []bool{false, true} {
			name := c.Name
			if strided {
				name += "/strided"
			}
			t.Run(name, func(t *testing.T) {
				newOpt, ok := zeroOptimizers[c.Optimizer]
				if !ok {
					t.Fatalf("unknown optimizer %q", c.Optimizer)
				}
				opt := newOpt()
				dec := json.NewDecoder(bytes.NewReader(c.Hyper))
				dec.DisallowUnknownFields()
				if err := dec.Decode(opt); err != nil {
					t.Fatalf("decode hyperparameters: %v", err)
				}
				if err := opt.Validate(); err != nil {
					t.Fatalf("Validate: %v", err)
				}
				p := newParam(ref.Theta0, strided)
				for k, g := range ref.Grads {
					opt.SetLearningRate(c.LRs[k])
					setMatrix(p.Grad, g)
					opt.Step([]*nnkit.Param{p})
					want := c.Steps[k]
					for i := range want {
						for j := range want[i] {
							if got := p.Value.At(i, j); math.Abs(got-want[i][j]) > refTol {
								t.Errorf("%s: step %d, θ[%d][%d] = %.17g, want %.17g (%s)", opt, k+1, i, j, got, want[i][j], c.Source)
							}
						}
					}
				}
			})
		}
	}
	for name := range zeroOptimizers {
		if !seen[name] {
			t.Errorf("no reference case for %s", name)
		}
	}
}

// newParam returns a parameter holding rows. When strided is true, its value
// and gradient are views into wider matrices, so their rows are not
// contiguous.
func newParam(rows [][]float64, strided bool) *nnkit.Param {
	r, c := len(rows), len(rows[0])
	if !strided {
		p := nnkit.NewParam("w", mat.NewDense(r, c, nil))
		setMatrix(p.Value, rows)
		return p
	}
	value := mat.NewDense(r, c+2, nil).Slice(0, r, 1, c+1).(*mat.Dense)
	grad := mat.NewDense(r, c+3, nil).Slice(0, r, 2, c+2).(*mat.Dense)
	setMatrix(value, rows)
	return &nnkit.Param{Name: "w", Value: value, Grad: grad}
}

func setMatrix(m *mat.Dense, rows [][]float64) {
	for i, row := range rows {
		for j, v := range row {
			m.Set(i, j, v)
		}
	}
}
