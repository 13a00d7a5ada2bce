package main

import (
	"os"
	"syscall"
)

// The worker's own descriptors are kept out of the cells' reach:
//
//   - The protocol pipes arrive as descriptors 3 and 4, numbers a cell may
//     write to by accident (os.NewFile(4, …), a C library's fd) and so
//     forge or corrupt a reply. protocolFiles moves them to descriptors the
//     system picks, marked close-on-exec, and puts /dev/null at 3 and 4.
//   - A cell may close os.Stdout or os.Stderr. The worker then could not
//     write its sync marker, every later cell would wait out the kernel's
//     marker timeout (2 s) and lose its output. restoreStdio puts back the
//     descriptors saved at start-up after each cell.

// savedStdio holds close-on-exec copies of descriptors 0, 1 and 2 made at
// start-up; -1 where the copy failed.
var savedStdio = [3]int{-1, -1, -1}

func init() {
	for fd := range savedStdio {
		if c, err := dupCloexec(fd); err == nil {
			savedStdio[fd] = c
		}
	}
}

// protocolFiles returns the request and reply pipes, moved off descriptors
// 3 and 4.
func protocolFiles() (requests, replies *os.File) {
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	move := func(fd int, name string) *os.File {
		c, derr := dupCloexec(fd)
		if derr != nil || err != nil {
			return os.NewFile(uintptr(fd), name) // keep the pipe where it is
		}
		if dup2(int(null.Fd()), fd) != nil {
			syscall.Close(c)
			return os.NewFile(uintptr(fd), name)
		}
		return os.NewFile(uintptr(c), name)
	}
	requests, replies = move(3, "requests"), move(4, "replies")
	if null != nil {
		null.Close()
	}
	return requests, replies
}

// restoreStdio reopens stdin, stdout and stderr where a cell closed them,
// through os.File.Close or by descriptor.
func restoreStdio() {
	files := [3]**os.File{&os.Stdin, &os.Stdout, &os.Stderr}
	names := [3]string{"/dev/stdin", "/dev/stdout", "/dev/stderr"}
	for fd, f := range files {
		if savedStdio[fd] < 0 {
			continue
		}
		_, err := fcntlGetfd(fd)
		if *f != nil && (*f).Fd() == uintptr(fd) && err == nil {
			continue // open, and still the worker's
		}
		if dup2(savedStdio[fd], fd) != nil {
			continue
		}
		*f = os.NewFile(uintptr(fd), names[fd])
	}
}

// dupCloexec duplicates fd onto a new close-on-exec descriptor.
func dupCloexec(fd int) (int, error) {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	c, err := syscall.Dup(fd)
	if err != nil {
		return -1, err
	}
	syscall.CloseOnExec(c)
	return c, nil
}

// fcntlGetfd reports fd's descriptor flags, failing (EBADF) when fd is
// closed.
func fcntlGetfd(fd int) (int, error) {
	r, _, e := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_GETFD, 0)
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}
