package model

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/nnbook/nnbook/nnkit"
)

// summaryRow is one layer of a summary table.
type summaryRow struct {
	index  int
	layer  string
	params string // "W 2×8, b 1×8"
	count  int
}

// summaryRows returns the rows of the summary. It panics, as NewSequential
// does, when the layers' widths do not fit together (Layers may have been
// changed since).
func (s *Sequential) summaryRows() []summaryRow {
	if err := s.checkCols(0, ""); err != nil {
		nnkit.Panicf("nnkit/model: Summary: %v", err)
	}
	rows := make([]summaryRow, len(s.Layers))
	for i, l := range s.Layers {
		var shapes []string
		for _, p := range l.Params() {
			r, c := p.Value.Dims()
			// Drop the layer's own position: "0.W" shows as "W", and
			// "1.0.W" in a nested Sequential as "0.W".
			name := strings.TrimPrefix(p.Name, fmt.Sprintf("%d.", i))
			shapes = append(shapes, fmt.Sprintf("%s %d×%d", name, r, c))
		}
		rows[i] = summaryRow{i, layerName(l), strings.Join(shapes, ", "), paramCount(l.Params())}
	}
	return rows
}

// Summary returns a table of the layers with their parameter shapes and
// counts, and the total, e.g.
//
//	#  Layer       Parameters     Count
//	0  Dense(2→8)  W 2×8, b 1×8      24
//	1  Tanh                           0
//	2  Dense(8→1)  W 8×1, b 1×1       9
//	3  Sigmoid                        0
//	Total parameters: 33
func (s *Sequential) Summary() string {
	rows := s.summaryRows()
	iw, lw, pw, cw := len("#"), len("Layer"), len("Parameters"), len("Count")
	for _, r := range rows {
		iw = max(iw, len(fmt.Sprint(r.index)))
		lw, pw = max(lw, runeLen(r.layer)), max(pw, runeLen(r.params))
		cw = max(cw, len(fmt.Sprint(r.count)))
	}
	var b strings.Builder
	line := func(i, l, p, c string) {
		fmt.Fprintf(&b, "%-*s  %s  %s  %*s\n", iw, i, pad(l, lw), pad(p, pw), cw, c)
	}
	line("#", "Layer", "Parameters", "Count")
	for _, r := range rows {
		line(fmt.Sprint(r.index), r.layer, r.params, fmt.Sprint(r.count))
	}
	fmt.Fprintf(&b, "Total parameters: %d\n", s.ParamCount())
	return b.String()
}

// runeLen returns the number of characters of s ("→" and "×" count once).
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// pad left-aligns s in n characters.
func pad(s string, n int) string { return s + strings.Repeat(" ", n-runeLen(s)) }

// HTML returns the summary as an HTML table, for notebook front ends that
// render text/html.
func (s *Sequential) HTML() string {
	var b strings.Builder
	b.WriteString("<table>\n<thead><tr><th>#</th><th>Layer</th><th>Parameters</th><th>Count</th></tr></thead>\n<tbody>\n")
	for _, r := range s.summaryRows() {
		fmt.Fprintf(&b, "<tr><td>%d</td><td>%s</td><td>%s</td><td style=\"text-align:right\">%d</td></tr>\n",
			r.index, html.EscapeString(r.layer), html.EscapeString(r.params), r.count)
	}
	fmt.Fprintf(&b, "</tbody>\n<tfoot><tr><td colspan=\"3\">Total parameters</td><td style=\"text-align:right\">%d</td></tr></tfoot>\n</table>\n", s.ParamCount())
	return b.String()
}
