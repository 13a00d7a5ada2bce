package nnplot

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// linearTicks puts at most six labelled ticks at multiples of 1, 2 or 5 ×
// 10ᵏ, with unlabelled minor ticks between them. gonum/plot's DefaultTicks
// aims at three labels, too few to read values off a figure.
type linearTicks struct {
	// integer keeps labelled ticks on whole numbers (epochs, steps).
	integer bool
}

// maxLabels is the most labelled ticks linearTicks puts on an axis.
const maxLabels = 6

// Ticks returns the ticks in [lo, hi].
func (t linearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return []plot.Tick{{Value: lo, Label: formatTick(lo, 0)}}
	}
	// The smallest step 1, 2 or 5 × 10ᵏ that gives at most maxLabels labels.
	var step, minors float64
	for k := math.Floor(math.Log10(hi-lo)) - 2; step == 0; k++ {
		for _, m := range []struct{ mult, minors float64 }{{1, 5}, {2, 4}, {5, 5}} {
			s := m.mult * math.Pow(10, k)
			if t.integer && s < 1 {
				continue
			}
			if math.Floor(hi/s+1e-9)-math.Ceil(lo/s-1e-9)+1 <= maxLabels {
				step, minors = s, m.minors
				break
			}
		}
	}
	if t.integer && step == 1 {
		minors = 1
	}
	decimals := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	var ticks []plot.Tick
	minor := step / minors
	first := math.Ceil(lo/minor-1e-9) * minor
	for i := 0; ; i++ {
		v := first + float64(i)*minor
		if v > hi+minor*1e-9 {
			break
		}
		if r := v / step; math.Abs(r-math.Round(r)) < 1e-6 {
			v = math.Round(r) * step
			ticks = append(ticks, plot.Tick{Value: v, Label: formatTick(v, decimals)})
		} else {
			ticks = append(ticks, plot.Tick{Value: v})
		}
	}
	return ticks
}

// formatTick writes v with the given number of decimals, switching to
// powers of ten for very large or small magnitudes.
func formatTick(v float64, decimals int) string {
	if v == 0 && decimals > 4 {
		return "0" // on an axis labelled in powers of ten
	}
	if a := math.Abs(v); a >= 1e5 || (a < 1e-4 && a != 0) {
		return sciTick(v)
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// sciTick writes v as m×10^k ("10^−5", "2×10^6"), which [superscripts]
// typesets with a raised exponent.
func sciTick(v float64) string {
	k := int(math.Floor(math.Log10(math.Abs(v))))
	m := v / math.Pow(10, float64(k))
	switch {
	case math.Abs(m-1) < 1e-9:
		return powerOfTen(k)
	case math.Abs(m+1) < 1e-9:
		return "−" + powerOfTen(k)
	}
	return strings.Replace(strconv.FormatFloat(m, 'g', 3, 64), "-", "−", 1) + "×" + powerOfTen(k)
}

// powerOfTen writes 10^k with a true minus sign.
func powerOfTen(k int) string {
	return "10^" + strings.Replace(strconv.Itoa(k), "-", "−", 1)
}

// logTicks labels powers of ten, and also 2× and 5× them when the axis spans
// less than two decades, so a loss between 0.2 and 1.3 still gets labels.
type logTicks struct{}

// Ticks returns the ticks in [lo, hi]; lo must be positive.
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if lo <= 0 || !(hi >= lo) {
		return nil
	}
	decades := math.Log10(hi / lo)
	labelled := map[int]bool{1: true}
	if decades < 2 {
		labelled[2], labelled[5] = true, true
	}
	every := max(1, int(math.Ceil(decades/8))) // at most about eight labelled decades
	var ticks []plot.Tick
	for k := int(math.Floor(math.Log10(lo))); float64(k) <= math.Log10(hi)+1e-9; k++ {
		for m := 1; m <= 9; m++ {
			v := float64(m) * math.Pow(10, float64(k))
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			tk := plot.Tick{Value: v}
			switch {
			case m == 1 && k%every == 0 && decades >= 2:
				tk.Label = powerOfTen(k)
			case labelled[m] && decades < 2:
				tk.Label = strconv.FormatFloat(v, 'f', max(0, -k), 64)
			}
			ticks = append(ticks, tk)
		}
	}
	return ticks
}

// useLog switches a to a log scale with logTicks.
func useLog(a *plot.Axis) {
	a.Scale = logScale{}
	a.Tick.Marker = logTicks{}
}

// logScale is plot.LogScale except at the arithmetic midpoint of the axis,
// which it maps to the middle. gonum/plot reserves room for a centred axis
// label at Norm((Min+Max)/2); on a log scale that point lies near the top, and
// the label's box would push the data area down, leaving a wide gap under
// the title.
type logScale struct{}

// Normalize returns the position of x on the axis, from 0 to 1.
func (logScale) Normalize(min, max, x float64) float64 {
	if x == (min+max)/2 {
		return 0.5
	}
	return plot.LogScale{}.Normalize(min, max, x)
}

// superscripts is the text handler of tick labels: it draws the part of a
// label after "^" as a raised exponent (neither Gothic nor Liberation Sans
// has the Unicode superscript minus, and gonum/plot's LaTeX handler has no
// superscripts) and everything else as [fallbackText] does.
type superscripts struct{ fallbackText }

// exponentScale and exponentRaise size and lift the exponent relative to the
// font size.
const (
	exponentScale = 0.7
	exponentRaise = 0.4
)

var tickText = superscripts{mixedText}

// Box returns the extent of txt, exponent included.
func (h superscripts) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	base, exp, ok := strings.Cut(txt, "^")
	if !ok {
		return h.fallbackText.Box(txt, fnt)
	}
	width, height, depth = h.fallbackText.Box(base, fnt)
	ew, eh, _ := h.fallbackText.Box(exp, small(fnt))
	return width + ew, max(height, exponentRaise*fnt.Size+eh), depth
}

// Draw draws txt with its exponent raised; rotated or multi-line text is
// drawn as fallbackText does.
func (h superscripts) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	base, exp, ok := strings.Cut(txt, "^")
	if !ok || sty.Rotation != 0 || strings.Contains(txt, "\n") {
		h.fallbackText.Draw(c, txt, sty, pt)
		return
	}
	face := h.fonts.Lookup(sty.Font, sty.Font.Size)
	smallFace := h.fonts.Lookup(small(sty.Font), sty.Font.Size*exponentScale)
	width, _, _ := h.Box(txt, sty.Font)
	// The alignment arithmetic of text.Plain.Draw for one line.
	pt.X += vg.Length(sty.XAlign) * width
	pt.Y += sty.Height(txt)*vg.Length(sty.YAlign) - face.Extents().Ascent + sty.Font.Size
	c.SetColor(sty.Color)
	c.FillString(face, pt, base)
	pt.X += face.Width(base)
	pt.Y += exponentRaise * sty.Font.Size
	c.FillString(smallFace, pt, exp)
}

func small(f font.Font) font.Font {
	f.Size *= exponentScale
	return f
}
