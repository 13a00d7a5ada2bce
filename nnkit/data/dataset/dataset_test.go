package dataset

import (
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

func counts(y []int) []int {
	var c []int
	for _, v := range y {
		for v >= len(c) {
			c = append(c, 0)
		}
		c[v]++
	}
	return c
}

func checkShape(t *testing.T, name string, x *mat.Dense, y []int, n, d int) {
	t.Helper()
	if r, c := x.Dims(); r != n || c != d || len(y) != n {
		t.Fatalf("%s: got x %d×%d and %d labels, want %d×%d and %d", name, r, c, len(y), n, d, n)
	}
}

func TestLogic(t *testing.T) {
	inputs := mat.NewDense(4, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1})
	for _, tc := range []struct {
		name string
		fn   func() (*mat.Dense, []int)
		want []int
	}{
		{"AND", AND, []int{0, 0, 0, 1}},
		{"OR", OR, []int{0, 1, 1, 1}},
		{"NAND", NAND, []int{1, 1, 1, 0}},
		{"XOR", XOR, []int{0, 1, 1, 0}},
	} {
		x, y := tc.fn()
		if !mat.Equal(x, inputs) || !slices.Equal(y, tc.want) {
			t.Errorf("%s: got %v %v, want %v", tc.name, mat.Formatted(x), y, tc.want)
		}
	}
}

// TestSynthetic checks shapes, class sizes, determinism and the defining
// geometry of each generator.
func TestSynthetic(t *testing.T) {
	type gen func(seed uint64) (*mat.Dense, []int)
	for _, tc := range []struct {
		name   string
		fn     gen
		n, d   int
		counts []int
		check  func(x *mat.Dense, y []int) string
	}{
		{"Blobs", func(s uint64) (*mat.Dense, []int) { return Blobs(31, 3, 0.5, s) }, 31, 2, []int{11, 10, 10}, nil},
		{"Separable", func(s uint64) (*mat.Dense, []int) { return Separable(200, 0.1, s) }, 200, 2, nil, nil},
		{"Moons", func(s uint64) (*mat.Dense, []int) { return Moons(101, 0, s) }, 101, 2, []int{50, 51}, func(x *mat.Dense, y []int) string {
			for i, c := range y {
				cx, cy := 0.0, 0.0 // centre of class 0's circle
				if c == 1 {
					cx, cy = 1, 0.5
				}
				if r := math.Hypot(x.At(i, 0)-cx, x.At(i, 1)-cy); math.Abs(r-1) > 1e-12 {
					return "a noiseless point is off its unit half circle"
				}
				// Class 0 is the upper half (y ≥ 0), class 1 the lower (y ≤ ½).
				if c == 0 && x.At(i, 1) < -1e-12 || c == 1 && x.At(i, 1) > 0.5+1e-12 {
					return "a noiseless point is on the wrong half"
				}
			}
			return ""
		}},
		{"Circles", func(s uint64) (*mat.Dense, []int) { return Circles(60, 0.4, 0, s) }, 60, 2, []int{30, 30}, func(x *mat.Dense, y []int) string {
			for i, c := range y {
				want := []float64{1, 0.4}[c]
				if r := math.Hypot(x.At(i, 0), x.At(i, 1)); math.Abs(r-want) > 1e-12 {
					return "a noiseless point is off its circle"
				}
			}
			return ""
		}},
		{"Spirals", func(s uint64) (*mat.Dense, []int) { return Spirals(100, 3, 0, s) }, 100, 2, []int{34, 33, 33}, func(x *mat.Dense, y []int) string {
			for i := range y {
				if r := math.Hypot(x.At(i, 0), x.At(i, 1)); r > 1+1e-12 {
					return "a noiseless point is outside the unit disc"
				}
			}
			return ""
		}},
		{"Imbalanced", func(s uint64) (*mat.Dense, []int) { return Imbalanced(200, 0.05, s) }, 200, 2, []int{190, 10}, nil},
	} {
		x, y := tc.fn(1)
		checkShape(t, tc.name, x, y, tc.n, tc.d)
		if tc.counts != nil && !slices.Equal(counts(y), tc.counts) {
			t.Errorf("%s: class counts %v, want %v", tc.name, counts(y), tc.counts)
		}
		if tc.check != nil {
			if msg := tc.check(x, y); msg != "" {
				t.Errorf("%s: %s", tc.name, msg)
			}
		}
		x2, y2 := tc.fn(1)
		if !mat.Equal(x, x2) || !slices.Equal(y, y2) {
			t.Errorf("%s: same seed gave different data", tc.name)
		}
		x3, _ := tc.fn(2)
		if mat.Equal(x, x3) {
			t.Errorf("%s: seeds 1 and 2 gave the same data", tc.name)
		}
	}
}

// TestSeparable checks linear separability with the margin by running the
// perceptron rule, which converges exactly when the classes are separable.
func TestSeparable(t *testing.T) {
	x, y := Separable(300, 0.05, 3)
	if c := counts(y); len(c) != 2 || c[0] == 0 || c[1] == 0 {
		t.Fatalf("class counts %v, want both classes", c)
	}
	var w [3]float64
	for epoch := range 1000 {
		mistakes := 0
		for i, c := range y {
			s := w[0]*x.At(i, 0) + w[1]*x.At(i, 1) + w[2]
			target := 2*float64(c) - 1
			if s*target <= 0 {
				w[0] += target * x.At(i, 0)
				w[1] += target * x.At(i, 1)
				w[2] += target
				mistakes++
			}
		}
		if mistakes == 0 {
			return
		}
		if epoch == 999 {
			t.Fatalf("perceptron still makes %d mistakes after 1000 epochs", mistakes)
		}
	}
}

func TestRegressionSets(t *testing.T) {
	x, y := Curve(50, nil, 0, 1)
	if r, c := x.Dims(); r != 50 || c != 1 {
		t.Fatalf("Curve: x is %d×%d", r, c)
	}
	if !slices.IsSorted(x.RawMatrix().Data) {
		t.Error("Curve: x not sorted")
	}
	for i := range 50 {
		if want := math.Sin(2 * math.Pi * x.At(i, 0)); y.At(i, 0) != want {
			t.Fatalf("Curve noiseless: y[%d] = %v, want %v", i, y.At(i, 0), want)
		}
	}
	_, yn := Curve(2000, func(float64) float64 { return 3 }, 0.5, 2)
	var sum, sq float64
	for i := range 2000 {
		e := yn.At(i, 0) - 3
		sum += e
		sq += e * e
	}
	// The noise has mean 0 and standard deviation 0.5: allow 4 standard errors.
	if mean, std := sum/2000, math.Sqrt(sq/2000); math.Abs(mean) > 4*0.5/math.Sqrt(2000) || math.Abs(std-0.5) > 0.05 {
		t.Errorf("Curve noise: mean %v, std %v; want 0 and 0.5", mean, std)
	}
	xs, ys := Surface(40, nil, 0, 3)
	if r, c := xs.Dims(); r != 40 || c != 2 {
		t.Fatalf("Surface: x is %d×%d", r, c)
	}
	for i := range 40 {
		if want := math.Sin(math.Pi*xs.At(i, 0)) * math.Cos(math.Pi*xs.At(i, 1)); ys.At(i, 0) != want {
			t.Fatalf("Surface noiseless: y[%d] = %v, want %v", i, ys.At(i, 0), want)
		}
	}
}

func TestGeneratorPanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func()
		want string
	}{
		{"Moons n", func() { Moons(1, 0, 1) }, "n is 1"},
		{"Circles factor", func() { Circles(10, 1, 0, 1) }, "factor is 1"},
		{"Spirals arms", func() { Spirals(10, 0, 0, 1) }, "arms is 0"},
		{"Blobs std", func() { Blobs(10, 2, -1, 1) }, "-1"},
		{"Imbalanced fraction", func() { Imbalanced(10, 0.7, 1) }, "0.7"},
		{"Separable margin", func() { Separable(10, 0.5, 1) }, "margin is 0.5"},
	} {
		err := nnkit.Maybe(tc.fn)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "dataset: ") {
			t.Errorf("%s: got %v, want a panic containing %q", tc.name, err, tc.want)
		}
	}
}

// The known values below were read from the files with zcat and sed.
func TestDigits(t *testing.T) {
	x, y := Digits()
	checkShape(t, "Digits", x, y, 1797, 64)
	if want := []int{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}; !slices.Equal(counts(y), want) {
		t.Errorf("class counts %v, want %v", counts(y), want)
	}
	first := []float64{0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0}
	if got := x.RawRowView(0)[:16]; !slices.Equal(got, first) || y[0] != 0 {
		t.Errorf("row 0: got %v label %d, want %v label 0", got, y[0], first)
	}
	last := []float64{0, 0, 10, 14, 8, 1, 0, 0}
	if got := x.RawRowView(1796)[:8]; !slices.Equal(got, last) || y[1796] != 8 {
		t.Errorf("row 1796: got %v label %d, want %v label 8", got, y[1796], last)
	}
	if got := mat.Max(x); got != 16 {
		t.Errorf("max pixel %v, want 16", got)
	}
	// Each call returns a fresh copy.
	x.Set(0, 0, 99)
	if x2, _ := Digits(); x2.At(0, 0) != 0 {
		t.Error("Digits shares its matrix between calls")
	}
}

func TestIris(t *testing.T) {
	x, y := Iris()
	checkShape(t, "Iris", x, y, 150, 4)
	if want := []int{50, 50, 50}; !slices.Equal(counts(y), want) {
		t.Errorf("class counts %v, want %v", counts(y), want)
	}
	for _, tc := range []struct {
		i     int
		row   []float64
		label int
	}{
		{0, []float64{5.1, 3.5, 1.4, 0.2}, 0},
		{34, []float64{4.9, 3.1, 1.5, 0.2}, 0}, // Fisher's value; UCI's file differs
		{37, []float64{4.9, 3.6, 1.4, 0.1}, 0}, // likewise
		{149, []float64{5.9, 3.0, 5.1, 1.8}, 2},
	} {
		if got := x.RawRowView(tc.i); !slices.Equal(got, tc.row) || y[tc.i] != tc.label {
			t.Errorf("row %d: got %v label %d, want %v label %d", tc.i, got, y[tc.i], tc.row, tc.label)
		}
	}
}

// mnistDir finds the MNIST files or skips; under CI=true a missing file
// fails the test instead.
func mnistDir(t testing.TB) string {
	t.Helper()
	dir, err := MNISTDir("")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true: %v", err)
		}
		t.Skipf("MNIST not available: %v", err)
	}
	return dir
}

// The known values below were read from the gzipped idx files with
// Python's gzip module.
func TestMNIST(t *testing.T) {
	dir := mnistDir(t)
	for _, tc := range []struct {
		name    string
		load    func(string) (*mat.Dense, []int, error)
		n       int
		labels  []int // the first ten
		lastY   int
		sum0    int    // Σ bytes of image 0
		pix     [3]int // row, column, byte of image 0's first non-zero pixel
		lastSum int    // Σ bytes of the last image
	}{
		{"train", MNISTTrain, 60000, []int{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, 8, 27525, [3]int{5, 12, 3}, 20920},
		{"test", MNISTTest, 10000, []int{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, 6, 18454, [3]int{7, 6, 84}, 41833},
	} {
		x, y, err := tc.load(dir)
		if err != nil {
			t.Fatal(err)
		}
		checkShape(t, tc.name, x, y, tc.n, 784)
		if !slices.Equal(y[:10], tc.labels) || y[tc.n-1] != tc.lastY {
			t.Errorf("%s labels: got %v … %d, want %v … %d", tc.name, y[:10], y[tc.n-1], tc.labels, tc.lastY)
		}
		if got, want := x.At(0, 28*tc.pix[0]+tc.pix[1]), float64(tc.pix[2])/255; got != want {
			t.Errorf("%s pixel (%d, %d): got %v, want %v", tc.name, tc.pix[0], tc.pix[1], got, want)
		}
		for _, s := range []struct{ row, want int }{{0, tc.sum0}, {tc.n - 1, tc.lastSum}} {
			sum := 0.0
			for _, v := range x.RawRowView(s.row) {
				sum += v * 255
			}
			if math.Abs(sum-float64(s.want)) > 1e-9 {
				t.Errorf("%s image %d: Σ bytes %v, want %d", tc.name, s.row, sum, s.want)
			}
		}
		if mat.Min(x) != 0 || mat.Max(x) != 1 {
			t.Errorf("%s: pixels span [%v, %v], want [0, 1]", tc.name, mat.Min(x), mat.Max(x))
		}
	}
}

func TestMNISTDirErrors(t *testing.T) {
	empty := t.TempDir()
	_, err := MNISTDir(empty)
	if err == nil || !strings.Contains(err.Error(), "no train-images-idx3-ubyte") {
		t.Errorf("empty dir: got %v, want the missing file named", err)
	}
	// With nothing to find and no way to fetch, the error lists every place.
	t.Setenv(EnvMNISTDir, empty)
	t.Setenv("GOMODCACHE", empty)
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOPROXY", "off")
	_, err = MNISTDir("")
	if err == nil {
		t.Fatal("nothing available: got no error")
	}
	for _, want := range []string{"$" + EnvMNISTDir + ": " + empty, "module cache: " + empty, "go mod download " + MNISTModule, "fix: "} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

func TestReadIDXErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := dir + "/" + name
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Two 2×2 images and two labels.
	img := write("img", []byte{0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 255, 51, 0, 1, 2, 3, 4})
	lab := write("lab", []byte{0, 0, 8, 1, 0, 0, 0, 2, 7, 3})
	x, y, err := ReadIDX(img, lab)
	if err != nil {
		t.Fatal(err)
	}
	if want := mat.NewDense(2, 4, []float64{0, 1, 0.2, 0, 1.0 / 255, 2.0 / 255, 3.0 / 255, 4.0 / 255}); !mat.Equal(x, want) || !slices.Equal(y, []int{7, 3}) {
		t.Errorf("ReadIDX: got %v %v", mat.Formatted(x), y)
	}
	short := write("short", []byte{0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 255})
	badMagic := write("magic", []byte{0, 0, 8, 2, 0, 0, 0, 2, 7, 3})
	oneLabel := write("one", []byte{0, 0, 8, 1, 0, 0, 0, 1, 7})
	for _, tc := range []struct {
		name     string
		img, lab string
		want     string
	}{
		{"truncated", short, lab, "truncated"},
		{"magic", img, badMagic, "not an idx1-ubyte"},
		{"counts", img, oneLabel, "2 images but"},
		{"missing", dir + "/none", lab, "not found"},
	} {
		if _, _, err := ReadIDX(tc.img, tc.lab); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

// BenchmarkMNIST reads and decodes the gzipped idx files; MB/s counts the
// decoded idx bytes (images and labels).
func BenchmarkMNIST(b *testing.B) {
	dir := mnistDir(b)
	for _, part := range []struct {
		name string
		load func(string) (*mat.Dense, []int, error)
		n    int
	}{{"train", MNISTTrain, 60000}, {"test", MNISTTest, 10000}} {
		b.Run(part.name, func(b *testing.B) {
			b.SetBytes(int64(16 + part.n*784 + 8 + part.n))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := part.load(dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
