// Package nntest checks implementations of nnkit's interfaces, the way
// testing/fstest checks a file system and gonum's testblas checks a BLAS.
//
// [GradCheck] and [GradCheckLoss] compare analytical gradients with central
// finite differences:
//
//	∂f/∂θ ≈ (f(θ + h) − f(θ − h)) / 2h,    h = 1e-6
//
// accepting |analytical − numerical| ≤ 1e-6 + 1e-5·max(|analytical|, |numerical|).
// The error of the central difference is O(h²), so a wrong derivative shows
// up at once while a correct one agrees to about ten digits. Inputs must stay
// more than h away from kinks (ReLU at 0).
//
// [TestLayer] and [TestLoss] run the conformance suite every Layer and Loss
// in nnkit passes: shapes, the panic contract, determinism, and the gradient
// check. [TestOptimizer] checks an Optimizer on a convex quadratic.
package nntest
