package main

import "runtime/debug"

// maxStack is the worker's limit on one goroutine's stack. Go's default,
// 1 GB, lets unbounded recursion in a cell grow for tens of seconds before
// the runtime gives up; 64 MiB holds about a million frames of a small
// recursive function and fails in a second or two. The kernel reads the
// runtime's report and says "stack overflow in f (cell[N] line L)"
// (kernel/live/overflow.go), so keep the two in step.
const maxStack = 64 << 20

func init() { debug.SetMaxStack(maxStack) }
