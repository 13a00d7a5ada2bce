package live

import "embed"

// workerSource is the worker's main package and the protocol it speaks,
// built in each session module so that the worker links exactly the
// packages the cell plugins link. The session module holds the protocol
// package at [protocol.SessionPath]; see [Session.setup].
//
//go:embed worker/main.go worker/render.go worker/protocol/protocol.go
//go:embed worker/parent.go worker/stdio.go worker/dup2_linux.go worker/dup2_other.go worker/goexit.go worker/overflow.go
var workerSource embed.FS
