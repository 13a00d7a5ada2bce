package childproc

import "syscall"

// Attr returns the process attributes of a child that must not outlive the
// kernel: its own process group (so a signal to the group reaches what it
// starts) and, where the system offers one, a parent-death signal.
func Attr() *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Setpgid: true}
	setParentDeathSignal(a)
	return a
}
