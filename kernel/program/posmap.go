package program

import "github.com/nnbook/nnbook/kernel/cell"

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
	pos cell.Pos // pos.Cell is 0 for generated tokens
}

// cell.Pos maps a 1-based file line and column (col 0: unknown) to the
// cell, through the last token that starts at or before col. ok is false
// for generated code and lines out of range.
func (m posMap) cellPos(line, col int) (p cell.Pos, ok bool) {
	if line < 1 || line > len(m) || m[line-1].Cell == 0 {
		return cell.Pos{}, false
	}
	o := m[line-1]
	if col <= 0 {
		return cell.Pos{Cell: o.Cell, Line: o.Line}, true
	}
	a := o.anchors[0]
	for _, b := range o.anchors[1:] {
		if b.col > col {
			break
		}
		a = b
	}
	if a.pos.Cell == 0 {
		return cell.Pos{}, false
	}
	p = a.pos
	p.Col = max(1, p.Col+col-a.col)
	return p, true
}
