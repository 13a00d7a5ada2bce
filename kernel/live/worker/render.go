package main

import (
	"encoding/base64"
	"fmt"
	"html"
	"reflect"
	"strconv"
	"strings"
)

// The optional interfaces a value may implement to show itself richly;
// the text/plain form is always there.
type (
	htmler     interface{ HTML() string }
	markdowner interface{ Markdown() string }
	pnger      interface{ PNG() []byte }
	svger      interface{ SVG() string }
	// matrix is gonum's mat.Matrix, matched by method set.
	matrix interface {
		Dims() (r, c int)
		At(i, j int) float64
	}
)

// matrixEdge is how many leading and trailing rows and columns of a large
// matrix are shown.
const matrixEdge = 4

// render returns the MIME bundle of a cell's value, or nil for a nil
// interface value (a nil error, say), which shows nothing, as None does in
// IPython. A nil pointer, map or slice has a type and shows as %v prints it.
func render(v any) map[string]any {
	if v == nil {
		return nil
	}
	data := map[string]any{"text/plain": plain(v)}
	if isNil(v) {
		return data
	}
	if m, ok := v.(matrix); ok {
		data["text/plain"], data["text/html"] = matrixText(m)
	}
	if h, ok := v.(htmler); ok {
		data["text/html"] = h.HTML()
	}
	if m, ok := v.(markdowner); ok {
		data["text/markdown"] = m.Markdown()
	}
	if p, ok := v.(pnger); ok {
		data["image/png"] = base64.StdEncoding.EncodeToString(p.PNG())
	}
	if s, ok := v.(svger); ok {
		data["image/svg+xml"] = s.SVG()
	}
	return data
}

// isNil reports whether v is nil or a nil pointer, map, slice, func or
// channel, whose methods may not be callable.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// plain is the text/plain form: strings quoted, errors as their message,
// anything else as %v prints it.
func plain(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case error:
		if !isNil(v) {
			return "error: " + v.Error()
		}
	}
	return fmt.Sprintf("%v", v)
}

// matrixText renders m as text with aligned columns and as an HTML table, eliding the
// middle rows and columns of a large matrix.
func matrixText(m matrix) (text, htm string) {
	r, c := m.Dims()
	rows, cols := edges(r), edges(c)
	cells := make([][]string, len(rows))
	width := make([]int, len(cols))
	for i, ri := range rows {
		for j, cj := range cols {
			s := "⋯"
			if ri >= 0 && cj >= 0 {
				s = strconv.FormatFloat(m.At(ri, cj), 'g', 6, 64)
			} else if ri < 0 {
				s = "⋮"
			}
			cells[i] = append(cells[i], s)
			width[j] = max(width[j], len([]rune(s)))
		}
	}
	var t, h strings.Builder
	fmt.Fprintf(&t, "%d×%d\n", r, c)
	fmt.Fprintf(&h, "<table><caption>%d×%d</caption>\n", r, c)
	for i, row := range cells {
		left, right := "⎢", "⎥"
		switch {
		case len(cells) == 1:
			left, right = "[", "]"
		case i == 0:
			left, right = "⎡", "⎤"
		case i == len(cells)-1:
			left, right = "⎣", "⎦"
		}
		t.WriteString(left)
		h.WriteString("<tr>")
		for j, s := range row {
			if j > 0 {
				t.WriteString("  ")
			}
			t.WriteString(strings.Repeat(" ", width[j]-len([]rune(s))) + s)
			h.WriteString("<td>" + html.EscapeString(s) + "</td>")
		}
		t.WriteString(right + "\n")
		h.WriteString("</tr>\n")
	}
	h.WriteString("</table>")
	return strings.TrimRight(t.String(), "\n"), h.String()
}

// edges returns the indices shown of n rows or columns, -1 marking the
// elided middle.
func edges(n int) []int {
	var out []int
	if n <= 2*matrixEdge+1 {
		for i := range n {
			out = append(out, i)
		}
		return out
	}
	for i := range matrixEdge {
		out = append(out, i)
	}
	out = append(out, -1)
	for i := n - matrixEdge; i < n; i++ {
		out = append(out, i)
	}
	return out
}
