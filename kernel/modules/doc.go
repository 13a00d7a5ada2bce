// Package modules decides where a notebook session's modules come from and
// adds the modules cells ask for.
//
// A session is a Go module of its own (a temporary directory, never the
// user's go.mod). Its go.mod must provide nnbook's own packages (nnkit, the
// cell side of displays) at the version the kernel binary belongs to, and
// the modules those pin (gonum, gonum/plot, gonbui). [Find] looks, in order,
// at
//
//  1. $NNBOOK_SOURCE, a source tree named by the user;
//  2. the source tree recorded in the binary when `go run ./install` built
//     it (see [LinkFlag]);
//  3. the module versions the binary was built with (its build info), for a
//     binary built by `go install github.com/nnbook/nnbook/kernel/cmd/nnbook@VERSION`:
//     nnbook@VERSION is found in the module cache or fetched through the
//     user's GOPROXY, and the session requires exactly those versions.
//
// The result is a [Source], whose [Source.ModFile] and [Source.GoSum] are
// the session's go.mod and go.sum. When none of the three works, Find
// returns a [*NotFoundError] naming what it searched and how to fix it; a
// session still runs cells that do not import nnbook.
//
// A [Resolver] adds to the session the module that provides an import path
// the session lacks, with `go get` in the user's own Go environment
// (GOPROXY, GOPRIVATE, GONOSUMDB, GOFLAGS, .netrc), the module cache first
// so that what is cached works offline.
package modules
