// Package layer holds the layers with learned weights or training-time
// behaviour: [Dense] (fully connected), [Dropout], [BatchNorm] and the
// [Perceptron] unit. Activations are layers too; they live in package
// activation.
//
// Shapes follow Keras: a batch x is n×in (one sample per row), Forward
// returns n×out, Backward takes ∂L/∂y (n×out), adds the parameter gradients
// into each Param.Grad and returns ∂L/∂x (n×in). The returned matrices are
// buffers the layer reuses on its next call.
package layer
