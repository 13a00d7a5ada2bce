package cell

import (
	"fmt"
	"sort"
)

// Pos is a position in a cell as the user sees it.
type Pos struct {
	// Cell is the cell's execution count (In[Cell]); 0 for code the
	// executor generated.
	Cell int
	// Line and Col are 1-based; Col counts bytes, as the compiler does.
	Line, Col int
}

// String formats p as "cell[3]:2:5".
func (p Pos) String() string {
	if p.Col > 0 {
		return fmt.Sprintf("cell[%d]:%d:%d", p.Cell, p.Line, p.Col)
	}
	return fmt.Sprintf("cell[%d]:%d", p.Cell, p.Line)
}

// LineIndex converts byte offsets of a text into lines and columns.
type LineIndex struct {
	starts []int // offset of the first byte of each line
	size   int
}

func NewLineIndex(src string) *LineIndex {
	li := &LineIndex{starts: []int{0}, size: len(src)}
	for i := range len(src) {
		if src[i] == '\n' {
			li.starts = append(li.starts, i+1)
		}
	}
	return li
}

// position returns the 1-based line and column of offset off, clamped to
// the text.
func (li *LineIndex) Position(off int) Pos {
	off = max(0, min(off, li.size))
	line := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
	return Pos{Line: line + 1, Col: off - li.starts[line] + 1}
}
