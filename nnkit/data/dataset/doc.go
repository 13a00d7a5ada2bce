// Package dataset provides data sets for the chapters: seeded synthetic
// sets, two small real sets embedded in the package, and MNIST read from its
// idx files.
//
// Every loader returns the features as a *mat.Dense with one sample per row
// and class labels as []int (0, 1, …, C−1); the regression sets return the
// targets as an n×1 *mat.Dense.
//
//	Logic gates      AND, OR, NAND, XOR                 4×2, the perceptron chapter
//	Separable        linearly separable points          perceptron convergence
//	Blobs            Gaussian clusters                  multi-class
//	Moons, Circles   two non-linear boundaries          why hidden layers help
//	Spirals          k interleaved arms                 capacity
//	Curve, Surface   noisy 1-D/2-D functions            regression, overfitting
//	Imbalanced       a rare second class                SMOTE, over/undersampling
//	Digits           8×8 digits, 1 797×64, 10 classes   embedded (UCI, CC BY 4.0)
//	Iris             150×4, 3 classes                   embedded (UCI, CC BY 4.0)
//	MNISTTrain/Test  28×28 digits, 60 000 + 10 000      idx files, see MNISTDir
//
// Random sets take a seed and use math/rand/v2's PCG: the same arguments give
// the same data, bit for bit. Invalid arguments (n < 1, a negative noise)
// are programmer misuse and panic with an nnkit.Error; loading MNIST, which
// depends on files and the network, returns errors.
//
// Digits and Iris come from scikit-learn's copies (Debian python3-sklearn):
// "Optical Recognition of Handwritten Digits" by E. Alpaydin and C. Kaynak
// (UCI Machine Learning Repository, https://doi.org/10.24432/C50P49) and
// R. A. Fisher's Iris (https://doi.org/10.24432/C56C76), both licensed under
// CC BY 4.0; README.md beside the package sources gives the details.
package dataset
