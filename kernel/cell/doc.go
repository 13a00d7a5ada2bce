// Package cell is the toolkit both executors build Go cells with; each
// executor keeps only its strategy (package program: one fresh program per
// cell; package live: one plugin per cell in a long-lived worker).
//
//   - module.go: the toolchain ([FindToolchain], go env), the session
//     module's go.mod and go.sum ([Toolchain.ModuleFiles]), the build
//     environment and [RunTool], which runs a tool interruptibly.
//   - split.go: the one cell splitter ([Split], [CutHybrid], [ParseStmt],
//     [CommentText]), checked against go/parser by a fuzz test.
//   - index.go, importindex.go, packages.go: the import index that
//     resolves automatic imports and provides package members and docs to
//     completion and inspection ([ImportIndex], which implements
//     scope.Packages).
//   - pos.go, errors.go: positions in cells ([Pos], [LineIndex]) and
//     compile errors at them ([CellErrors]).
//   - stack.go: goroutine dumps mapped to cell lines, library frames
//     folded per package ([MapStack]).
//   - iscomplete.go: is_complete from the code alone ([IsComplete]).
//
// Completion and inspection themselves are package scope, over the scope
// each executor supplies.
package cell
