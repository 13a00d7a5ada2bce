// Package notebook reads and writes Jupyter notebooks (nbformat 4) and runs
// them headlessly through a [contract.Executor]: the logic of "nnbook run".
//
// [Marshal] writes a notebook as Jupyter does (keys sorted, one-space
// indent, multi-line strings split into lists of lines, a trailing
// newline) and adds nothing that changes from run to run: no timestamps,
// and cells without an id get one derived from their position and source.
// A deterministic notebook therefore gives the same bytes every time it is
// run.
//
// A [Runner] executes the code cells in order and records their outputs as
// nbclient does: consecutive stream output merged, display_data (updated in
// place by update_display_data, cleared by clear_output), execute_result
// and error, with execution counts from 1. It stops at the first failing
// cell unless AllowErrors is set or the cell is tagged "raises-exception";
// cells tagged "skip-execution" are not run.
package notebook
