package live

import "embed"

// workerSource is the worker's main package, built in each session module
// so that it links exactly the packages the cell plugins link.
//
//go:embed worker/main.go worker/render.go worker/parent.go worker/stdio.go worker/dup2_linux.go worker/dup2_other.go worker/goexit.go worker/overflow.go
var workerSource embed.FS
