package live

import (
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"

	"github.com/nnbook/nnbook/kernel/cell"
)

// unit is one top-level construct of a cell ([cell.Unit]) with its text.
// Units of earlier cells are kept in the live definitions so that they can
// be checked and emitted again.
type unit struct {
	kind cell.UnitKind
	// text is the unit's source as the user typed it.
	text string
	// cell is the execution count of the cell; line and col locate the
	// first byte of text in it (1-based).
	cell, line, col int
	// imports are the imports in scope when the unit was defined; set
	// once the cell that defined it has been checked.
	imports []importSpec
	// doc is the text of the comments right above the unit (its doc
	// comment), as [ast.CommentGroup.Text] gives it.
	doc string
}

// importSpec is one import under its local name; cell is the execution
// count of the cell that made it live (0 in a unit's own imports).
type importSpec struct {
	name, path string
	cell       int
	// pkg is the package the check imported; nil for imports not
	// checked yet.
	pkg *types.Package
}

// lineDirective returns a /*line*/ comment that gives the next token the
// position of offset off of u.
func (u *unit) lineDirective(off int) string {
	line, col := u.line, u.col
	for i := 0; i < off; i++ {
		if u.text[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return "/*line " + cellFile(u.cell) + ":" + itoa(line) + ":" + itoa(col) + "*/"
}

// cellFile is the file name that positions in cell n carry.
func cellFile(n int) string { return "cell[" + itoa(n) + "]" }

// splitCell cuts the source of cell number n into top-level units (see
// [cell.Split]). A %% line (GoNB's marker for "run what follows") is blank
// space here: every cell runs its statements. Other special lines have
// been run and blanked by the session.
func splitCell(code string, n int) ([]*unit, error) {
	src, _, _ := cell.CutHybrid(code)
	split, err := cell.Split(src, n)
	if err != nil {
		return nil, err
	}
	units := make([]*unit, len(split))
	for i, u := range split {
		units[i] = &unit{kind: u.Kind, text: src[u.Start:u.End], cell: n, line: u.Line, col: u.Col, doc: cell.CommentText(src[u.Doc:u.Start])}
	}
	return units, nil
}

// stmtOf parses the statement unit u; ok is false when it does not parse
// as one statement (the check reports the error in context).
func stmtOf(u *unit) (st ast.Stmt, off func(token.Pos) int, ok bool) {
	return cell.ParseStmt(u.text)
}

// valueBuiltins are the builtins whose calls have a value and cannot
// stand alone as statements.
var valueBuiltins = map[string]bool{
	"append": true, "cap": true, "complex": true, "imag": true, "len": true,
	"make": true, "max": true, "min": true, "new": true, "real": true,
}

// errorList converts scanner errors into cell errors.
func errorList(list scanner.ErrorList) []posError {
	var out []posError
	for _, e := range list {
		out = append(out, posError{pos: e.Pos, msg: e.Msg})
	}
	return out
}
