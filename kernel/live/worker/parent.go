package main

import (
	"os"
	"time"
)

// parentPoll is how often the worker checks that the kernel is alive.
const parentPoll = 500 * time.Millisecond

// The worker exits when the kernel that started it is gone. On Linux the
// kernel also asks for SIGKILL on its death (kernel/childproc); this watch
// covers the other systems, where a worker whose kernel was killed during
// a busy cell would otherwise be adopted by init and spin on: its request
// pipe's end of file is only read between cells.
func init() {
	parent := os.Getppid()
	go func() {
		for range time.Tick(parentPoll) {
			if os.Getppid() != parent {
				os.Exit(3)
			}
		}
	}()
}
