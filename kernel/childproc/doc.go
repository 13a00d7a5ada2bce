// Package childproc starts the kernel's long-lived children (the live
// executor's worker, the program executor's cell process) so that they die
// with the kernel, however it ends.
//
// A kernel killed with SIGKILL (or restarted with restart_kernel(now=True))
// runs no cleanup, and a child in its own process group, as the worker and
// the cell process are so that an interrupt reaches the whole group, is
// then adopted by init and keeps running: a cell in a busy loop spins at
// 100 % CPU with no kernel left to stop it. [Attr] asks Linux to send the
// child SIGKILL when the kernel dies (PR_SET_PDEATHSIG; Go's fork checks
// that the parent did not die before the request took effect). Elsewhere
// the child watches its parent itself, as the worker does by polling
// getppid (see kernel/live/worker/parent.go).
//
// Linux delivers the signal when the thread that started the child exits.
// The Go runtime never ends a thread except one locked with
// runtime.LockOSThread whose goroutine exits, so start children from
// ordinary goroutines.
package childproc
