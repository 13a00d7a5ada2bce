package dataset_test

import (
	"fmt"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit/data/dataset"
)

func ExampleAND() {
	x, y := dataset.AND()
	fmt.Println(mat.Formatted(x))
	fmt.Println(y)
	// Output:
	// ⎡0  0⎤
	// ⎢0  1⎥
	// ⎢1  0⎥
	// ⎣1  1⎦
	// [0 0 0 1]
}

func ExampleOR() {
	_, y := dataset.OR()
	fmt.Println(y)
	// Output:
	// [0 1 1 1]
}

func ExampleNAND() {
	_, y := dataset.NAND()
	fmt.Println(y)
	// Output:
	// [1 1 1 0]
}

func ExampleXOR() {
	x, y := dataset.XOR()
	for i, label := range y {
		fmt.Printf("%v XOR %v = %d\n", x.At(i, 0), x.At(i, 1), label)
	}
	// Output:
	// 0 XOR 0 = 0
	// 0 XOR 1 = 1
	// 1 XOR 0 = 1
	// 1 XOR 1 = 0
}

// head prints the first rows of x and y.
func head(x *mat.Dense, y []int, rows int) {
	for i := range rows {
		fmt.Printf("%7.4f  %d\n", x.RawRowView(i), y[i])
	}
}

func ExampleBlobs() {
	x, y := dataset.Blobs(90, 3, 0.5, 1)
	head(x, y, 3)
	// Output:
	// [-0.9657  2.7077]  1
	// [-0.8459 -2.7912]  2
	// [ 2.4291  0.5820]  0
}

func ExampleSeparable() {
	x, y := dataset.Separable(100, 0.1, 1)
	head(x, y, 3)
	// Output:
	// [ 0.6576  0.6467]  1
	// [-0.0435  0.9057]  1
	// [ 0.5797  0.5705]  1
}

func ExampleMoons() {
	x, y := dataset.Moons(200, 0.1, 1)
	head(x, y, 3)
	// Output:
	// [ 1.5910 -0.2339]  1
	// [ 0.5109 -0.5150]  1
	// [ 0.6620 -0.3207]  1
}

func ExampleCircles() {
	x, y := dataset.Circles(200, 0.5, 0.05, 1)
	head(x, y, 3)
	// Output:
	// [ 0.0172 -0.5548]  1
	// [-0.3556  0.3326]  1
	// [-0.4250  0.3610]  1
}

func ExampleSpirals() {
	x, y := dataset.Spirals(300, 3, 0.02, 1)
	head(x, y, 3)
	// Output:
	// [-0.0039  0.0050]  2
	// [ 0.4769  0.1345]  1
	// [ 0.4134 -0.0978]  1
}

func ExampleImbalanced() {
	_, y := dataset.Imbalanced(1000, 0.05, 1)
	minority := 0
	for _, c := range y {
		minority += c
	}
	fmt.Printf("%d of %d samples are class 1; always predicting 0 scores %.0f%%\n",
		minority, len(y), 100*float64(len(y)-minority)/float64(len(y)))
	// Output:
	// 50 of 1000 samples are class 1; always predicting 0 scores 95%
}

func ExampleCurve() {
	x, y := dataset.Curve(10, nil, 0.2, 1) // sin 2πx plus noise
	for i := range 3 {
		fmt.Printf("x = %.4f  y = %.4f\n", x.At(i, 0), y.At(i, 0))
	}
	// Output:
	// x = 0.3403  y = 0.9180
	// x = 0.4221  y = 0.4259
	// x = 0.4782  y = 0.4570
}

func ExampleSurface() {
	x, y := dataset.Surface(100, func(x1, x2 float64) float64 { return x1*x1 + x2 }, 0, 1)
	fmt.Println(x.Dims())
	fmt.Printf("f(%.4f, %.4f) = %.4f\n", x.At(0, 0), x.At(0, 1), y.At(0, 0))
	// Output:
	// 100 2
	// f(-0.3194, 0.8199) = 0.9220
}

func ExampleDigits() {
	x, y := dataset.Digits()
	fmt.Println(x.Dims())
	// The first image, a 0, as 8×8 pixels of 0…16.
	img := x.RawRowView(0)
	for r := range 8 {
		for _, v := range img[8*r : 8*r+8] {
			fmt.Print([]string{"·", "░", "▒", "▓", "█"}[int(v+3)/4])
		}
		fmt.Println()
	}
	fmt.Println("label", y[0])
	// Output:
	// 1797 64
	// ··▒█▓░··
	// ··██▓█▒·
	// ·░█░·▓▒·
	// ·░▓··▒▒·
	// ·▒▒··▓▒·
	// ·░▓·░▓▒·
	// ·░█▒▓▓··
	// ··▒█▓···
	// label 0
}

func ExampleIris() {
	x, y := dataset.Iris()
	fmt.Println(x.Dims())
	fmt.Println(dataset.IrisFeatures)
	fmt.Println(x.RawRowView(0), dataset.IrisSpecies[y[0]])
	fmt.Println(x.RawRowView(149), dataset.IrisSpecies[y[149]])
	// Output:
	// 150 4
	// [sepal length (cm) sepal width (cm) petal length (cm) petal width (cm)]
	// [5.1 3.5 1.4 0.2] setosa
	// [5.9 3 5.1 1.8] virginica
}

// MNIST needs the idx files, which a machine without a network connection
// may not have; this example is compiled but not run. See ExampleReadIDX.
func ExampleMNISTTrain() {
	x, y, err := dataset.MNISTTrain("") // $NNKIT_MNIST_DIR, the module cache, or a download
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(x.Dims())
	fmt.Println(y[:10])
	xTest, yTest, err := dataset.MNISTTest("")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(xTest.Dims())
	fmt.Println(yTest[:10])
}

func ExampleMNISTDir() {
	dir, err := dataset.MNISTDir("")
	if err != nil {
		fmt.Println(err) // what was searched, and how to fix it
		return
	}
	fmt.Println(dir)
}

func ExampleReadIDX() {
	dir, err := os.MkdirTemp("", "idx")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	// Two 2×2 images and their labels in the idx format: a magic number,
	// the dimensions as big-endian uint32, then the bytes.
	images := []byte{0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 255, 51, 0, 255, 255, 0, 0}
	labels := []byte{0, 0, 8, 1, 0, 0, 0, 2, 7, 3}
	imgPath, labPath := filepath.Join(dir, "images-idx3-ubyte"), filepath.Join(dir, "labels-idx1-ubyte")
	if err := os.WriteFile(imgPath, images, 0o644); err != nil {
		fmt.Println(err)
		return
	}
	if err := os.WriteFile(labPath, labels, 0o644); err != nil {
		fmt.Println(err)
		return
	}
	x, y, err := dataset.ReadIDX(imgPath, labPath)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(mat.Formatted(x))
	fmt.Println(y)
	// Output:
	// ⎡  0    1  0.2    0⎤
	// ⎣  1    1    0    0⎦
	// [7 3]
}
