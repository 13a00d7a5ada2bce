// Package scope answers completion and inspection requests from a
// notebook's live session, and suggests names for "undefined" errors, as
// IPython users expect: Tab after net. lists the methods of the model that
// the variable net holds, Shift+Tab on a notebook function shows the
// signature and the doc comment the cell wrote, and a misspelt name gets
// "did you mean …".
//
// # What an executor supplies
//
// After every cell that changes the session's names, an executor builds a
// [Snapshot] with [New] and keeps it for the requests that follow (a
// Snapshot is immutable and safe for concurrent use, so requests are
// answered while the next cell runs). The [Config] holds:
//
//   - Defs: the live definitions, one [Def] each: the package-level
//     go/types object of the cell that defined it (a *types.Var, *types.Func,
//     *types.TypeName or *types.Const; methods of notebook types are Defs
//     too, with a *types.Func whose signature has a receiver), the doc
//     comment the cell wrote, the source of the declaration and the cell's
//     execution count. [DefsOf] computes them from a type-checked file.
//     Every Def object's package must have the same path (the notebook's
//     check path, "nb" for the live executor): its unexported fields and
//     methods are then accessible, as they are to the next cell.
//   - Imports: the live import names of earlier cells, alias → path, any
//     number of aliases for one path, each with the *types.Package the
//     cell's check imported when the executor has it (then expressions
//     through the alias, such as m.Sqrt(2). or mat.NewDense(2, 2, nil).,
//     are typed). [ImportsOf] computes them from a type-checked file.
//   - Packages: a [Packages] provider of package members and their
//     documentation by import path, and of the package names automatic
//     imports can resolve (the kernel's import index implements it).
//   - Importer (optional): a go/types importer, safe for concurrent use,
//     for import paths no Import carries a package for.
//   - Magics (optional): the executor's special lines (%who, %time, …),
//     offered after a % that begins a line.
//   - Summary (optional): a callback that returns the summary of a live
//     variable's value (matrix shape, slice length, a truncated %v) for
//     inspection.
//
// # What it returns
//
// All offsets are in Unicode code points (runes) of the cell's code, as
// Jupyter's cursor_pos counts them (protocol 5.2 and later), so an
// executor passes cursor_pos through and puts [Completion.Start] and
// [Completion.End] into cursor_start and cursor_end unchanged.
//
//   - [Snapshot.Complete] returns a [Completion]: the matches, the range
//     of code they replace, and one [Item] per match with its kind and
//     signature; [Completion.Metadata] is the complete_reply metadata
//     (_jupyter_types_experimental) that JupyterLab shows beside each
//     match.
//   - [Snapshot.Inspect] returns the inspect_reply data bundle
//     (text/plain and text/markdown) and whether anything was found.
//   - [Snapshot.DidYouMean] returns a hint for a type-checker or compiler
//     message ("undefined: x", "x.F undefined (type T has no field or
//     method F)"), and [Suggest] ranks candidate names for a misspelt one.
//
// # What completion offers
//
// For a bare identifier: the live variables, functions, types and
// constants, the names the cell itself declares before the cursor (at the
// top level and in the blocks still open there: parameters, receivers,
// loop, if and switch variables), the import names of earlier cells and
// of the cell, the package names automatic imports resolve, Go's keywords
// and the predeclared identifiers. After "x.": the fields and methods of
// x's type when x is a value (through pointers, embedded fields and
// generic instantiations; unexported ones only for notebook types; the
// pointer methods only when x is addressable), the methods of x when it
// is a type, and the exported members of the package when x names one.
// Inside the string of an import, the import paths the provider lists
// (when it implements [PathLister]); after a % that begins a line, the
// executor's magics. A name of the cell shadows a live one, and a live name shadows an
// import or a package of the same name. The operand of a selector may be
// any expression go/types can type in the session's scope (a.b., f().,
// xs[0].f., m["k"].), including the cell's own names (x := f() … x.).
//
// # Wiring
//
// An executor keeps the latest Snapshot (an atomic pointer or a field
// under its lock) and replaces it after each cell that ran:
//
//	snap := scope.New(scope.Config{
//		Defs:     defs,     // every live definition, methods included
//		Imports:  imports,  // every live import name, with its *types.Package
//		Packages: index,    // a *cell.ImportIndex (program.Session.Packages() in the program executor)
//		Magics:   magics,   // "%%", "%who", "%whos", "%ls", "%rm", "%reset", "%time", "%help"
//		Summary:  summary,  // asks the worker for the value of a live variable
//	})
//
//	c := snap.Complete(code, cursorPos)                // complete_request
//	// reply: matches c.Matches, cursor_start c.Start, cursor_end c.End, metadata c.Metadata()
//	data, found := snap.Inspect(code, cursorPos, detailLevel) // inspect_request
//	// reply: status ok, found, data, metadata {}
//	hint := snap.DidYouMean(code, msg)                // a compile error's message; "" when none
//
// The live executor has what Config needs after each successful
// type-check: the objects of its live definitions (a def's obj), their
// doc comments and sources from the check file ([DefsOf] on the checked
// *ast.File and its text, or the units' text), and the imported packages
// of the check ([ImportsOf] the checked file). The program executor can type-check its remembered
// declarations once per cell the same way. Importer may stay nil: the
// members of packages then come from Packages, and only expressions
// through packages that no Import carries go untyped.
package scope
