// Package program is the GoNB-style executor: it turns notebook cells into
// Go programs and runs them. It keeps the table of declarations remembered
// across cells, composes main.go and maps compiler errors and panics back
// to cell line numbers; the toolchain, the splitter, the import index and
// stack mapping come from package cell.
//
// A [Session] is the executor. Each cell is split into
// declarations and statements. Func, method and import declarations, and
// top-level var, const and type declarations that do not use the
// variables of the cell's statements, are remembered by name; a later
// definition replaces an earlier one, and a cell that fails to compile
// changes nothing. Statements run in a fresh program built for the cell;
// the variables they declare last for that cell only. A line starting with
// %% makes everything below it statements (its words become os.Args[1:]),
// and a cell may define func main instead of having statements.
//
// main.go is composed from the cells' text and formatted with go/format;
// a position map ties every token of it to its cell, line and column, so
// compiler errors and stack frames are reported in cell terms. Imports a cell uses but does not write are
// added when exactly one standard or module package of that name exports
// what the cell uses; imports it does not use are left out. Lookups read
// package sources from GOROOT and the module cache, never the network.
//
// A panic in the cell's goroutine is recovered by a small harness compiled
// with the cell and reported on file descriptor 3, so the program's stderr
// carries only what the cell wrote, and the one error the kernel publishes
// holds the panic message and the stack in cell lines.
package program
