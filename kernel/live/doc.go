// Package live runs notebook cells so that the values they compute live
// on between cells, at compiled speed: a [Session] keeps one long-lived
// worker process per kernel session, and every cell is compiled with the
// normal toolchain as a Go plugin that the worker loads and runs. Models,
// datasets, closures, goroutines and channels stay in the worker; nothing
// is serialized between cells.
//
// # Cells become packages
//
// Each execution becomes a new package of the session module
// (nnbook.session/cells/cN; a unique path, since a plugin cannot load
// the same content twice) plus a small plugin main package. Every
// top-level name a cell defines (func, method, type, const, var, and the
// variables of top-level statements such as x := f() or a, b := g())
// lives in that package and is visible to later cells under its own name:
//
//   - The cell is type-checked with go/types in the user's terms. The
//     live definitions of earlier cells are objects in the package scope
//     of the check, and every check has the same package path, so the
//     lower-case fields and methods of earlier types stay accessible and
//     diagnostics name notebook types without a qualifier. A cell that
//     does not type-check changes nothing.
//   - Generated code spells a lower-case notebook name with an exported
//     prefix (Nb_x), qualified by the package of the cell that defined it
//     (nb_c3.Nb_x); fields and methods of notebook types are exported the
//     same way. A type keeps its name in its own package, so %T shows
//     nb.point, and gains an exported alias that later cells use. Users
//     see the generated names only in %+v of structs with lower-case
//     fields.
//   - Top-level statements run in order in the package's entry function.
//     The variables they declare become package variables, with the types
//     the type-checker gave them; assignments to earlier variables update
//     them in place. x := f(x) and var x = f(x) define a new x from the
//     old one.
//   - Redefining a name takes effect for later cells, and the live
//     functions, types and constants that use it are emitted again into
//     the new package (transitively), so g calls the new f. A cell that
//     declares a method on an earlier type emits the type and its methods
//     again. Values keep the type they were made with, and a variable
//     defined again lets go of its old value.
//   - //line directives give generated code the cells' positions, so
//     panics show cell lines.
//
// # The worker
//
// The worker (package worker, built once per session in the session
// module, so that it links exactly the packages the plugins link) loads a
// plugin, calls its entry function on a goroutine of its own (so that
// runtime.Goexit ends the cell, not the worker) and replies with
// the rendered value of the cell's trailing expression (none for a nil
// interface value such as a nil error, as IPython shows nothing for
// None), or with the panic that stopped the cell and its stack. The
// cell's stdout and stderr, and gonbui display requests, reach the
// running cell's output. SIGINT
// interrupts a cell: the code written in cells is instrumented (see
// instrument and package interrupt) so that the cell's goroutine stops
// with a KeyboardInterrupt at its next loop iteration or blocking
// operation, keeping every variable; the worker ignores SIGINT, so code that listens with
// signal.Notify (as nnkit's training loop does) stops at its next step and
// keeps what it learned; a cell that has not returned after the grace
// period is killed with the worker, which restarts empty, and the user is
// told that the session's variables were lost. A worker that dies for any
// other reason (a panic in another goroutine, os.Exit) is restarted the
// same way; when it died between cells, the next cell says why (with the
// runtime's report) and runs on the fresh worker. The session records the
// cells that succeeded, and %rerun runs them again on a fresh worker to
// rebuild what was lost (see rerun.go).
//
// # Building
//
// Cells are compiled and linked by invoking the compiler and linker
// directly, with an import configuration of the plugin-mode archives that
// go list -export -buildmode=plugin reports (they also give the export
// data of the type-check), which saves the go command's per-build work.
// Each cell package is compiled once and its archive linked into every
// later plugin that uses it, so the package hashes the runtime checks at
// load time agree. Where plugins cannot work (no cgo, an operating system
// without plugin support) [NewSession] returns [ErrNoPlugins].
package live
