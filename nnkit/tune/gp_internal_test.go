package tune

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestLikelihoodGradient compares the analytic gradient of log p(y | X)
// with respect to the log-hyperparameters with central differences.
func TestLikelihoodGradient(t *testing.T) {
	const h, tol = 1e-5, 1e-6
	rnd := rand.New(rand.NewPCG(2, 2))
	n, d := 8, 2
	x := mat.NewDense(n, d, nil)
	y := make([]float64, n)
	for i := range n {
		x.Set(i, 0, rnd.Float64())
		x.Set(i, 1, rnd.Float64())
		y[i] = rnd.NormFloat64()
	}
	for _, k := range []Kernel{RBF{}, Matern52{}} {
		g := &GP{Kernel: k, LengthScales: []float64{0.3, 0.8}, SignalVariance: 1.5, NoiseVariance: 0.05}
		theta := []float64{math.Log(0.3), math.Log(0.8), math.Log(1.5), math.Log(0.05)}
		set := func(th []float64) {
			g.LengthScales[0], g.LengthScales[1] = math.Exp(th[0]), math.Exp(th[1])
			g.SignalVariance, g.NoiseVariance = math.Exp(th[2]), math.Exp(th[3])
		}
		grad := make([]float64, len(theta))
		set(theta)
		if _, ok := g.condition(x, y, grad); !ok {
			t.Fatalf("%v: K not positive definite", k)
		}
		for j := range theta {
			th := append([]float64(nil), theta...)
			th[j] += h
			set(th)
			up, _ := g.condition(x, y, nil)
			th[j] -= 2 * h
			set(th)
			down, _ := g.condition(x, y, nil)
			if want := (up - down) / (2 * h); math.Abs(grad[j]-want) > tol*math.Max(1, math.Abs(want)) {
				t.Errorf("%v: ∂log p/∂θ%d = %.9g, central difference %.9g", k, j, grad[j], want)
			}
		}
	}
}
