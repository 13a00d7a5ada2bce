package cell

import (
	"fmt"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

// stackInSort returns the goroutine dump and the program counters taken
// inside a less function that sort.Slice calls.
func stackInSort() (stack string, pcs []uintptr) {
	s := []int{3, 1, 2}
	sort := func() {
		slicesSortFunc(s, func(a, b int) int {
			if stack == "" {
				stack = string(debug.Stack())
				pcs = make([]uintptr, 64)
				pcs = pcs[:runtime.Callers(1, pcs)]
			}
			return a - b
		})
	}
	sort()
	return stack, pcs
}

// slicesSortFunc is slices.SortFunc, called through a variable so that its
// frames are not inlined into the test's.
var slicesSortFunc = slices.SortFunc[[]int, int]

func TestMapStackFolds(t *testing.T) {
	stack, pcs := stackInSort()
	// The truth: how many frames runtime.Callers puts in package slices.
	want := 0
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		if strings.HasPrefix(f.Function, "slices.") {
			want++
		}
		if !more {
			break
		}
	}
	if want == 0 {
		t.Fatal("no frames in package slices: the test's premise is wrong")
	}
	isTest := func(f Frame) bool { return strings.HasPrefix(f.Func, "github.com/nnbook/nnbook/kernel/cell.") }
	mapFrame := func(f Frame) (FrameRole, string, string) {
		switch {
		case isTest(f):
			return FrameCell, f.Func, fmt.Sprintf("cell[1]:%d", f.Line)
		case strings.HasPrefix(f.Func, "runtime") || strings.HasPrefix(f.Func, "testing."):
			return FrameHidden, "", ""
		}
		return FrameLibrary, "", ""
	}
	short := strings.Join(MapStack(stack, mapFrame, false), "\n")
	if !strings.Contains(short, fmt.Sprintf("… %d frames in slices", want)) && !(want == 1 && strings.Contains(short, "… 1 frame in slices")) {
		t.Errorf("folded stack does not fold the %d frames in slices:\n%s", want, short)
	}
	if strings.Contains(short, "slices.SortFunc") {
		t.Errorf("folded stack shows a library frame:\n%s", short)
	}
	if !strings.Contains(short, "cell[1]:") || !strings.Contains(short, "stackInSort") {
		t.Errorf("folded stack lost the cell's frames:\n%s", short)
	}
	full := strings.Join(MapStack(stack, mapFrame, true), "\n")
	if got := len(regexp.MustCompile(`(?m)^slices\.`).FindAllString(full, -1)); got != want {
		t.Errorf("full stack shows %d frames of slices, want %d:\n%s", got, want, full)
	}
}

func TestFramePackage(t *testing.T) {
	for fn, want := range map[string]string{
		"gonum.org/v1/gonum/mat.(*Dense).Mul(0xc000010000, {0x5, 0x6})": "gonum.org/v1/gonum/mat",
		"main.main()": "main",
		"github.com/nnbook/nnbook/nnkit/model.(*Sequential).Fit.func1(...)": "github.com/nnbook/nnbook/nnkit/model",
		"slices.SortFunc[...](...)":                                         "slices",
	} {
		if got := (Frame{Func: fn}).Package(); got != want {
			t.Errorf("Frame{Func: %q}.Package() = %q, want %q", fn, got, want)
		}
	}
}
