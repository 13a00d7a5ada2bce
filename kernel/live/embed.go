package live

import "embed"

// workerSource is the worker's main package and the protocol it speaks,
// built in each session module so that the worker links exactly the
// packages the cell plugins link. The session module holds the protocol
// package at [protocol.SessionPath]; see [Session.setup].
//
//go:embed worker/main.go worker/render.go worker/protocol/protocol.go
var workerSource embed.FS
