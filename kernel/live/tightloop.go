package live

import (
	"go/ast"
	"strconv"
)

// tightCheckEvery is how many iterations of a tight loop (see tight) pass
// between two interrupt checks. Such an iteration takes nanoseconds to
// microseconds, so the cell still stops within milliseconds.
const tightCheckEvery = 256

// counterName is the iteration counter that the tight loops of one
// function share, declared at the start of the function's body.
const counterName = "nbi_iter"

// loopCheck returns the code that starts the body of loop: a check of the
// interrupt flag every iteration, or, for a tight loop, a countdown that
// checks every tightCheckEvery iterations. An atomic load of the flag
// costs a tight numeric loop (a = a + α·x over slices in the cache) about
// half its time in plugin code, where a package variable is reached
// through the global offset table; the countdown lives in a register.
func (in *instrumenter) loopCheck(body *ast.BlockStmt) string {
	if !tight(body) {
		return " " + interruptName + ".Check();"
	}
	in.counted = true
	n := strconv.Itoa(tightCheckEvery)
	return " if " + counterName + "--; " + counterName + " == 0 { " + counterName + " = " + n + "; " + interruptName + ".Check() };"
}

// function instruments the body of a function declaration or literal: its
// tight loops share one counter, declared at its start.
func (in *instrumenter) function(body *ast.BlockStmt) {
	outer := in.counted
	in.counted = false
	in.node(body)
	if in.counted {
		in.insert(body.Lbrace+1, " "+counterName+" := "+strconv.Itoa(tightCheckEvery)+";")
	}
	in.counted = outer
}

// tight reports whether a loop body calls nothing and holds no loop, so
// that one iteration takes little time: it uses only operators, indexing,
// built-in functions and conversions to basic types. Function literals in
// it do not run in the iteration unless called.
func tight(body *ast.BlockStmt) bool {
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt, *ast.GoStmt, *ast.DeferStmt, *ast.SelectStmt, *ast.SendStmt, *ast.LabeledStmt:
			ok = false
		case *ast.UnaryExpr:
			if n.Op.String() == "<-" {
				ok = false
			}
		case *ast.CallExpr:
			id, isIdent := n.Fun.(*ast.Ident)
			if !isIdent || id.Obj != nil || !cheapCallee[id.Name] {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// cheapCallee holds the built-in functions and basic types whose calls and
// conversions a tight loop may contain.
var cheapCallee = map[string]bool{
	"append": true, "cap": true, "clear": true, "complex": true, "copy": true, "delete": true,
	"imag": true, "len": true, "max": true, "min": true, "real": true,
	"bool": true, "byte": true, "complex64": true, "complex128": true, "float32": true, "float64": true,
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true, "rune": true, "string": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
}

// counted reports whether loop is a counting loop whose body leaves its
// counter alone: for i := a; i < b; i++ (any of <, <=, >, >=, and i++, i--,
// i += k or i -= k), so that it ends after a number of iterations fixed
// when it starts, unless its body changes b. Such a loop with a tight body
// needs no interrupt check of its own (see instrument).
func counted(loop *ast.ForStmt) bool {
	init, ok := loop.Init.(*ast.AssignStmt)
	if !ok || len(init.Lhs) != 1 {
		return false
	}
	i, ok := init.Lhs[0].(*ast.Ident)
	if !ok {
		return false
	}
	cond, ok := loop.Cond.(*ast.BinaryExpr)
	if !ok || !isIdent(cond.X, i.Name) {
		return false
	}
	switch cond.Op.String() {
	case "<", "<=", ">", ">=":
	default:
		return false
	}
	switch post := loop.Post.(type) {
	case *ast.IncDecStmt:
		if !isIdent(post.X, i.Name) {
			return false
		}
	case *ast.AssignStmt:
		if len(post.Lhs) != 1 || !isIdent(post.Lhs[0], i.Name) || (post.Tok.String() != "+=" && post.Tok.String() != "-=") {
			return false
		}
		if _, lit := post.Rhs[0].(*ast.BasicLit); !lit {
			return false
		}
	default:
		return false
	}
	return !assigns(loop.Body, i.Name)
}

// assigns reports whether body assigns to the variable name, or takes its
// address.
func assigns(body *ast.BlockStmt, name string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, e := range n.Lhs {
				found = found || isIdent(e, name)
			}
		case *ast.IncDecStmt:
			found = found || isIdent(n.X, name)
		case *ast.UnaryExpr:
			found = found || (n.Op.String() == "&" && isIdent(n.X, name))
		}
		return !found
	})
	return found
}

// isIdent reports whether e is the identifier name.
func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// rangesOverData reports whether a range loop goes over data, whose length
// is fixed when the loop starts, rather than over a channel or an iterator
// function: the source alone does not tell, so it takes a range over a
// variable, a field, an element or a slice of one, or a literal, for data,
// and a range over a call's result (time.Tick(d), slices.Values(s)) for a
// stream. A tight range over a channel held in a variable is taken for
// data too; it goes through interrupt.Chan (see markChanRanges), which
// wakes on an interrupt between values.
func rangesOverData(loop *ast.RangeStmt) bool {
	if loop.Tok.String() == ":=" && loop.Value != nil {
		return true // two iteration variables: never a channel
	}
	switch ast.Unparen(loop.X).(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.SliceExpr, *ast.BasicLit, *ast.CompositeLit:
		return true
	}
	return false
}
