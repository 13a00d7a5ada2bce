package cell

import (
	"cmp"
	"slices"
	"strings"

	"github.com/nnbook/nnbook/kernel/contract"
)

// CellError is one compile error at a cell position.
type CellError struct {
	// Cell is the execution count of the cell (In[Cell]); Line and Col
	// are 1-based, Col in bytes as the compiler counts.
	Cell, Line, Col int
	Msg             string
	// Detail holds the compiler's continuation lines ("have ...", "want ...").
	Detail []string
}

// CellErrors lists the compile errors of a cell; see [CellErrors.Err].
type CellErrors []CellError

// Err returns nil when the list is empty and the list as an *contract.Error (Name
// "CompileError") otherwise, the first message as its Value.
func (l CellErrors) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l.Report()
}

// Report renders the list as a Jupyter error (Name "CompileError").
func (l CellErrors) Report() *contract.Error {
	e := &contract.Error{Name: "CompileError", Value: l[0].Msg}
	for _, ce := range l {
		e.Traceback = append(e.Traceback, contract.Highlight(Pos{Cell: ce.Cell, Line: ce.Line, Col: ce.Col}.String())+": "+ce.Msg)
		for _, d := range ce.Detail {
			e.Traceback = append(e.Traceback, "\t"+strings.TrimSpace(d))
		}
	}
	return e
}

// sort orders the list by cell, line and column.
func (l CellErrors) Sort() {
	slices.SortStableFunc(l, func(a, b CellError) int {
		return cmp.Or(cmp.Compare(a.Cell, b.Cell), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}
