// Package loss holds the loss functions. Each is an [nnkit.Loss]: Loss
// returns the mean over the samples (rows) of a batch, and Grad returns
// ∂L/∂pred with the shape of the prediction, already divided by the number of
// samples, so that it can go straight into the network's Backward.
//
// Regression: [MSE]. Binary classification on probabilities (after a
// sigmoid): [BinaryCrossEntropy]. Multi-class classification on raw scores
// (logits; the softmax is inside the loss): [CrossEntropy]. Metric learning
// on embeddings of pairs and triplets: [Contrastive] and [Triplet]; their
// predictions hold the embeddings of a pair or triplet side by side in one
// row, as model.Siamese produces them.
package loss
