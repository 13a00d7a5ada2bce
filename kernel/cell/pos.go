package cell

import (
	"fmt"
	"sort"
)

// cellPos is a position in a cell as the user sees it.
type cellPos struct {
	// Cell is the cell's execution count (In[Cell]); 0 for code the
	// executor generated.
	Cell int
	// Line and Col are 1-based; Col counts bytes, as the compiler does.
	Line, Col int
}

// String formats p as "cell[3]:2:5".
func (p cellPos) String() string {
	if p.Col > 0 {
		return fmt.Sprintf("cell[%d]:%d:%d", p.Cell, p.Line, p.Col)
	}
	return fmt.Sprintf("cell[%d]:%d", p.Cell, p.Line)
}

// lineIndex converts byte offsets of a text into lines and columns.
type lineIndex struct {
	starts []int // offset of the first byte of each line
	size   int
}

func newLineIndex(src string) *lineIndex {
	li := &lineIndex{starts: []int{0}, size: len(src)}
	for i := range len(src) {
		if src[i] == '\n' {
			li.starts = append(li.starts, i+1)
		}
	}
	return li
}

// position returns the 1-based line and column of offset off, clamped to
// the text.
func (li *lineIndex) position(off int) cellPos {
	off = max(0, min(off, li.size))
	line := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
	return cellPos{Line: line + 1, Col: off - li.starts[line] + 1}
}

// posMap maps the lines of a composed file to cell positions.
type posMap []lineOrigin

// lineOrigin is where one line of the composed file comes from.
type lineOrigin struct {
	// Cell and Line locate the line's first token from a cell; Cell is 0
	// for generated lines and lines without tokens.
	Cell, Line int
	// anchors are the cell positions of the tokens that start on the
	// line, by increasing file column.
	anchors []anchor
}

// anchor ties a file column to a cell position.
type anchor struct {
	col int
	pos cellPos // pos.Cell is 0 for generated tokens
}

// cellPos maps a 1-based file line and column (col 0: unknown) to the
// cell, through the last token that starts at or before col. ok is false
// for generated code and lines out of range.
func (m posMap) cellPos(line, col int) (p cellPos, ok bool) {
	if line < 1 || line > len(m) || m[line-1].Cell == 0 {
		return cellPos{}, false
	}
	o := m[line-1]
	if col <= 0 {
		return cellPos{Cell: o.Cell, Line: o.Line}, true
	}
	a := o.anchors[0]
	for _, b := range o.anchors[1:] {
		if b.col > col {
			break
		}
		a = b
	}
	if a.pos.Cell == 0 {
		return cellPos{}, false
	}
	p = a.pos
	p.Col = max(1, p.Col+col-a.col)
	return p, true
}
