// Package tmproot keeps the kernel's temporary directories under one
// per-user root, and removes those of kernels that died without cleaning up.
//
// A session (program executor) or live (worker) directory holds the
// session's module, built plugins and binaries: 5–41 MB each. A kernel
// killed with SIGKILL leaves its directory behind, and the next kernel does
// not know it is garbage. Layout:
//
//	$TMPDIR/nnbook-UID/          the root: mode 0700, owned by UID, not a link
//	    PID-RANDOM/              one owner directory per kernel process
//	        lock                 flock'ed by that process for its life
//	        session-RANDOM/      made by MkdirTemp("session-")
//	        live-RANDOM/
//
// The lock is an advisory flock on an open file: the system releases it
// when the process dies, however it dies, and a reused pid cannot hold it.
// The first MkdirTemp of a process sweeps the root: an owner directory whose
// lock can be taken belongs to a dead kernel and is removed, as is one
// without a lock file that is older than a minute (its kernel died between
// creating it and locking it). A live kernel's directories are never
// touched.
package tmproot
