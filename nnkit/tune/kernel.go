package tune

// Kernel is the shape of a stationary covariance function, as a function
// of the scaled distance
//
//	r = √(Σ_d (x_d − x′_d)² / ℓ_d²)
//
// between two points. The [GP] multiplies it by the signal variance σ_f²:
// k(x, x′) = σ_f²·ρ(r). Implementations: [RBF] and [Matern52].
type Kernel interface {
	// Correlation returns ρ(r) for r ≥ 0, with ρ(0) = 1, and ρ′(r)/r,
	// which stays finite at r = 0: the gradient of the marginal likelihood
	// with respect to the length scales is built from it.
	Correlation(r float64) (rho, slopeOverR float64)
	// String names the kernel.
	String() string
}
