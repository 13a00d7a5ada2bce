// Package landscape holds small functions of two variables on which
// optimizers show their characteristic behaviour: a saddle point, a curved
// valley, and a local minimum next to the global one. Each has Func and Grad
// methods in gonum's optimize.Problem form, ready for optim.Minimize and for
// contour plots.
package landscape
