package tune

import "math"

var _ Kernel = Matern52{}

// Matern52 is the Matérn kernel with ν = 5/2:
//
//	ρ(r) = (1 + √5·r + 5r²/3)·exp(−√5·r)
//	ρ′(r)/r = −(5/3)·(1 + √5·r)·exp(−√5·r)
//
// Functions drawn from a GP with this kernel are twice differentiable. It
// is the kernel Snoek, Larochelle & Adams recommend for hyperparameter
// search ("Practical Bayesian optimization of machine learning
// algorithms", NeurIPS 2012, https://arxiv.org/abs/1206.2944) and the
// default of [NewBayesian]. Reference: Rasmussen & Williams 2006,
// equation 4.17.
type Matern52 struct{}

// Correlation returns ρ = (1 + √5·r + 5r²/3)·exp(−√5·r) and
// ρ′/r = −(5/3)·(1 + √5·r)·exp(−√5·r).
func (Matern52) Correlation(r float64) (rho, slopeOverR float64) {
	s := math.Sqrt(5) * r
	e := math.Exp(-s)
	return (1 + s + s*s/3) * e, -5.0 / 3 * (1 + s) * e
}

// String returns "Matérn5/2".
func (Matern52) String() string { return "Matérn5/2" }
