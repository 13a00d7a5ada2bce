package dataset

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

//go:embed digits.csv.gz
var digitsCSV []byte

//go:embed iris.csv
var irisCSV []byte

// IrisSpecies names the classes of [Iris] in label order.
var IrisSpecies = [3]string{"setosa", "versicolor", "virginica"}

// IrisFeatures names the columns of [Iris].
var IrisFeatures = [4]string{"sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"}

// Digits returns the 8×8 handwritten digits: 1 797 samples as a 1797×64
// matrix of pixel values 0…16 (the image row by row: pixel (r, c) is column
// 8r + c) and labels 0…9, about 180 per digit. Divide by 16, or fit a
// data.MinMax, to scale the pixels to [0, 1].
//
// The data are the test set of "Optical Recognition of Handwritten Digits"
// by E. Alpaydin and C. Kaynak (UCI Machine Learning Repository, 1998,
// https://doi.org/10.24432/C50P49), licensed under CC BY 4.0, as shipped with
// scikit-learn (load_digits); they are embedded in the package (see
// README.md beside this file). Each call returns fresh copies.
func Digits() (*mat.Dense, []int) {
	zr, err := gzip.NewReader(bytes.NewReader(digitsCSV))
	if err != nil {
		panic(fmt.Sprintf("dataset: embedded digits.csv.gz: %v", err))
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		panic(fmt.Sprintf("dataset: embedded digits.csv.gz: %v", err))
	}
	return parseCSV("digits.csv.gz", text, 1797, 64, 0)
}

// Iris returns Fisher's iris flowers: 150 samples as a 150×4 matrix (see
// [IrisFeatures], in cm) and labels 0 setosa, 1 versicolor, 2 virginica
// ([IrisSpecies]), 50 of each, in that order. Setosa is linearly separable
// from the other two; versicolor and virginica overlap.
//
// The data are R. A. Fisher's (1936; UCI Machine Learning Repository,
// https://doi.org/10.24432/C56C76, CC BY 4.0) as shipped with scikit-learn
// (load_iris), embedded in the package (see README.md beside this file).
// Each call returns fresh copies.
func Iris() (*mat.Dense, []int) {
	return parseCSV("iris.csv", irisCSV, 150, 4, 1)
}

// parseCSV reads rows of d numbers followed by an integer label, skipping
// the first skip lines. The embedded files are fixed at build time and
// covered by tests, so a parse failure is a build defect and panics.
func parseCSV(name string, text []byte, n, d, skip int) (*mat.Dense, []int) {
	x := mat.NewDense(n, d, nil)
	y := make([]int, n)
	sc := bufio.NewScanner(bytes.NewReader(text))
	i := -skip
	for sc.Scan() {
		if i < 0 {
			i++
			continue
		}
		if i >= n {
			panic(fmt.Sprintf("dataset: embedded %s has more than %d rows", name, n))
		}
		fields := strings.Split(strings.TrimSpace(sc.Text()), ",")
		if len(fields) != d+1 {
			panic(fmt.Sprintf("dataset: embedded %s: line %d has %d fields, want %d", name, i+skip+1, len(fields), d+1))
		}
		row := x.RawRowView(i)
		for j := range d {
			v, err := strconv.ParseFloat(fields[j], 64)
			if err != nil {
				panic(fmt.Sprintf("dataset: embedded %s: line %d: %v", name, i+skip+1, err))
			}
			row[j] = v
		}
		label, err := strconv.Atoi(fields[d])
		if err != nil {
			panic(fmt.Sprintf("dataset: embedded %s: line %d: %v", name, i+skip+1, err))
		}
		y[i] = label
		i++
	}
	if i != n {
		panic(fmt.Sprintf("dataset: embedded %s has %d rows, want %d", name, i, n))
	}
	return x, y
}
