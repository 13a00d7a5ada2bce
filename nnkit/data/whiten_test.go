package data

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// identityTol bounds |cov(z) − I| entrywise for whitened data with ε = 0.
const identityTol = 1e-9

// correlated returns n samples of a 4-dimensional Gaussian with strongly
// correlated, differently scaled features: x = g·A + b with g ~ N(0, I).
func correlated(n int, seed uint64) *mat.Dense {
	rng := newRand(seed)
	a := mat.NewDense(4, 4, []float64{
		3, 1, 0, 0.5,
		0, 2, 1, 0,
		0, 0, 0.5, 0.2,
		0, 0, 0, 0.1,
	})
	g := mat.NewDense(n, 4, nil)
	for i := range n {
		for j := range 4 {
			g.Set(i, j, rng.NormFloat64())
		}
	}
	var x mat.Dense
	x.Mul(g, a)
	for i := range n {
		row := x.RawRowView(i)
		for j := range row {
			row[j] += float64(10 * (j + 1))
		}
	}
	return &x
}

// populationCov returns (1/n)(z − z̄)ᵀ(z − z̄), computed directly.
func populationCov(z *mat.Dense) *mat.Dense {
	n, d := z.Dims()
	mean := columnMeans(z)
	cov := mat.NewDense(d, d, nil)
	for i := range n {
		for a := range d {
			for b := range d {
				cov.Set(a, b, cov.At(a, b)+(z.At(i, a)-mean[a])*(z.At(i, b)-mean[b])/float64(n))
			}
		}
	}
	return cov
}

func checkIdentity(t *testing.T, name string, cov *mat.Dense, tol float64) {
	t.Helper()
	d, _ := cov.Dims()
	for a := range d {
		for b := range d {
			want := 0.0
			if a == b {
				want = 1
			}
			if math.Abs(cov.At(a, b)-want) > tol {
				t.Errorf("%s: cov[%d][%d] = %.3g, want %v", name, a, b, cov.At(a, b), want)
			}
		}
	}
}

func TestWhitenIdentityCovariance(t *testing.T) {
	x := correlated(500, 3)
	for _, s := range []Scaler{&PCAWhiten{Epsilon: 0}, &ZCAWhiten{Epsilon: 0}} {
		if err := s.Fit(x); err != nil {
			t.Fatalf("%T: %v", s, err)
		}
		z := s.Transform(x)
		checkIdentity(t, s.(interface{ String() string }).String(), populationCov(z), identityTol)
		for j, m := range columnMeans(z) {
			if math.Abs(m) > identityTol {
				t.Errorf("%T: mean of column %d is %.3g, want 0", s, j, m)
			}
		}
		checkRoundTrip(t, s, x)
	}
}

// TestZCAStaysClose checks what distinguishes ZCA from PCA whitening: W is
// symmetric, and it changes the data less.
func TestZCAStaysClose(t *testing.T) {
	x := correlated(300, 4)
	zca := &ZCAWhiten{}
	pca := &PCAWhiten{}
	if err := zca.Fit(x); err != nil {
		t.Fatal(err)
	}
	if err := pca.Fit(x); err != nil {
		t.Fatal(err)
	}
	if !mat.EqualApprox(zca.W, zca.W.T(), 1e-12) {
		t.Errorf("ZCA W is not symmetric:\n%v", mat.Formatted(zca.W))
	}
	// ZCA = PCA whitening rotated back: z_zca = z_pca·Uᵀ.
	var rotated mat.Dense
	rotated.Mul(pca.Transform(x), pca.Components.T())
	if !mat.EqualApprox(&rotated, zca.Transform(x), 1e-10) {
		t.Error("ZCA output differs from PCA output rotated by Uᵀ")
	}
}

// TestPCAWhitenVariances compares λ with scikit-learn's PCA
// explained_variance_, which divides by n − 1 instead of n
// (testdata/sklearn_ref.py), and checks the ε > 0 covariance diag(λ/(λ+ε)).
func TestPCAWhitenVariances(t *testing.T) {
	ref := loadScalerRef(t)
	train := dense(ref.Train).Slice(0, ref.PCA.N, 0, 3).(*mat.Dense)
	p := &PCAWhiten{Epsilon: 0.5}
	if err := p.Fit(train); err != nil {
		t.Fatal(err)
	}
	want := make([]float64, len(ref.PCA.ExplainedVariance))
	for i, v := range ref.PCA.ExplainedVariance {
		want[i] = v * float64(ref.PCA.N-1) / float64(ref.PCA.N)
	}
	checkSlice(t, "PCAWhiten.Variances", p.Variances, want, 1e-9)

	cov := populationCov(p.Transform(train))
	for k, l := range p.Variances {
		if w := l / (l + p.Epsilon); !relClose(cov.At(k, k), w, 1e-9) {
			t.Errorf("cov[%d][%d] = %v, want λ/(λ+ε) = %v", k, k, cov.At(k, k), w)
		}
	}
}

func TestWhitenSingular(t *testing.T) {
	// The third feature is the sum of the first two: Σ is singular.
	x := mat.NewDense(4, 3, []float64{
		1, 2, 3,
		2, 0, 2,
		0, 1, 1,
		3, 3, 6,
	})
	for _, s := range []Scaler{&PCAWhiten{}, &ZCAWhiten{}} {
		err := s.Fit(x)
		if err == nil || !strings.Contains(err.Error(), "singular") {
			t.Errorf("%T with ε = 0: got %v, want a singular-covariance error", s, err)
		}
	}
	// Two samples of three features: rank 1.
	few := mat.NewDense(2, 3, []float64{1, 2, 3, 3, 1, 2})
	for _, x := range []*mat.Dense{x, few} {
		for _, s := range []Scaler{NewPCAWhiten(), NewZCAWhiten()} {
			if err := s.Fit(x); err != nil {
				t.Errorf("%T with ε = 1e-5: %v", s, err)
				continue
			}
			checkRoundTrip(t, s, x)
		}
	}
}

// TestPCAWhitenSklearn compares the sample-covariance PCA whitening with
// scikit-learn's PCA(whiten=True) on training and test data (each column up
// to its sign), and the explained-variance ratio with
// explained_variance_ratio_ (testdata/sklearn_ref.py).
func TestPCAWhitenSklearn(t *testing.T) {
	ref := loadScalerRef(t)
	train := dense(ref.Train).Slice(0, ref.PCA.N, 0, 3).(*mat.Dense)
	test := dense(ref.Test).Slice(0, len(ref.Test), 0, 3).(*mat.Dense)
	p := &PCAWhiten{Sample: true}
	if err := p.Fit(train); err != nil {
		t.Fatal(err)
	}
	checkSlice(t, "Variances", p.Variances, ref.PCA.ExplainedVariance, 1e-9)
	checkSlice(t, "ExplainedVarianceRatio", p.ExplainedVarianceRatio(), ref.PCA.ExplainedVarianceRatio, 1e-12)
	for _, c := range []struct {
		name string
		got  *mat.Dense
		want [][]float64
	}{{"train", p.Transform(train), ref.PCA.WhitenTrain}, {"test", p.Transform(test), ref.PCA.WhitenTest}} {
		for k := range 3 {
			sign := 1.0
			if c.got.At(0, k)*c.want[0][k] < 0 {
				sign = -1
			}
			for i, row := range c.want {
				if !relClose(sign*c.got.At(i, k), row[k], 1e-7) {
					t.Errorf("%s z[%d][%d] = %v, scikit-learn %v (column sign %v)", c.name, i, k, c.got.At(i, k), row[k], sign)
				}
			}
		}
	}
}
