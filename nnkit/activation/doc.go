// Package activation holds the activation functions. Each is a parameter-free
// [nnkit.Layer] (PReLU's α is its one learned parameter) that applies a
// scalar function f element by element:
//
//	x: n×d → y = f(x): n×d;  Backward: ∂L/∂x = ∂L/∂y ⊙ f′(x)
//
// Every elementwise activation also implements [Function], so the function
// and its derivative can be evaluated on plain numbers, for tables and plots:
//
//	s := activation.NewSigmoid()
//	s.Apply(0)  // 0.5
//	s.Deriv(0)  // 0.25, the largest value σ′ takes
//
// [Softmax] works on whole rows instead and is not a Function.
package activation
