// Package kernel implements a Jupyter kernel for Go: the five ZeroMQ sockets
// of the Jupyter messaging protocol (version 5.3), message dispatch, and the
// hand-off of cells to an [Executor].
//
// A [Kernel] is created from a connection file with [New] and runs with
// [Kernel.Serve]. Serve binds the shell, control and stdin ROUTER sockets,
// the iopub PUB socket and the heartbeat REP socket to the file's ip (tcp)
// or socket path prefix (ipc), then runs these goroutines until its context
// is cancelled or a shutdown_request arrives:
//
//   - one reader per ROUTER socket. It verifies the signature of every
//     message (package [github.com/nnbook/nnbook/kernel/wire]) and drops
//     badly signed or malformed ones with a log line. Execute requests are
//     queued; every other request (complete, inspect, is_complete, history,
//     comm_info, kernel_info, interrupt, shutdown, comm_*) is answered at
//     once, so the front end never waits behind a long cell.
//   - the execute loop, which runs the queued cells one at a time. Each cell
//     gets a context that interrupt_request cancels, and a [contract.Sink]
//     that coalesces stdout and stderr into stream messages every 50 ms.
//     After a failed cell with stop_on_error, the queued cells are answered
//     with status "aborted".
//   - the heartbeat echo.
//
// Every request is answered between status busy and status idle on iopub,
// with the request as parent header. A panic in a handler or in the
// executor becomes an error reply; the kernel keeps serving.
package kernel
