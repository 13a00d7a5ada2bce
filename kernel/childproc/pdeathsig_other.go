//go:build !linux

package childproc

import "syscall"

// ParentDeathSignal reports whether this system kills a child started with
// [Attr] when its parent dies.
const ParentDeathSignal = false

func setParentDeathSignal(*syscall.SysProcAttr) {}
