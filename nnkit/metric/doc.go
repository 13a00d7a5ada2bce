// Package metric scores predictions: accuracy, the confusion matrix with
// per-class and macro-averaged precision, recall and F1, ROC curves and
// ROC-AUC for binary scores, and MSE, MAE and R² for regression.
//
// Class labels are []int with values 0, 1, …, C−1, as produced by
// data.Argmax from a matrix of class scores; regression targets and
// predictions are matrices with one sample per row. Inputs of different
// lengths or shapes are programmer misuse and panic with an nnkit.Error;
// metrics that are undefined for the data (ROC-AUC with a single class)
// return an error.
//
// The definitions follow scikit-learn's sklearn.metrics, and the tests
// compare with it.
package metric
