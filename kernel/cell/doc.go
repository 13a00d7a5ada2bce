// Package cell turns notebook cells into Go programs and runs them: parsing,
// the table of declarations remembered across cells, composition of main.go,
// building with the normal toolchain, and mapping compiler errors and panics
// back to cell line numbers.
package cell
