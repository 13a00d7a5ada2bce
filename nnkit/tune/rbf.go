package tune

import "math"

var _ Kernel = RBF{}

// RBF is the squared-exponential (Gaussian, radial basis function) kernel:
//
//	ρ(r) = exp(−r²/2),   ρ′(r)/r = −exp(−r²/2)
//
// Functions drawn from a GP with this kernel are infinitely differentiable,
// which is often smoother than a validation loss really is; [Matern52] is
// the usual choice for Bayesian optimisation. Reference: C. E. Rasmussen,
// C. K. I. Williams, "Gaussian Processes for Machine Learning", MIT Press
// 2006, equation 4.9, https://gaussianprocess.org/gpml/.
type RBF struct{}

// Correlation returns ρ = exp(−r²/2) and ρ′/r = −exp(−r²/2).
func (RBF) Correlation(r float64) (rho, slopeOverR float64) {
	rho = math.Exp(-r * r / 2)
	return rho, -rho
}

// String returns "RBF".
func (RBF) String() string { return "RBF" }
