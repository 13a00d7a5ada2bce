package childproc

import "syscall"

// ParentDeathSignal reports whether this system kills a child started with
// [Attr] when its parent dies.
const ParentDeathSignal = true

func setParentDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
