// Package kernel implements a Jupyter kernel for Go: the five ZeroMQ sockets
// of the Jupyter messaging protocol (version 5.3), message dispatch, and the
// hand-off of cells to an [Executor].
package kernel
