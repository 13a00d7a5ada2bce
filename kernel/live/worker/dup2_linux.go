package main

import "syscall"

// dup2 makes newfd a copy of oldfd (Linux on arm64 has dup3 only).
func dup2(oldfd, newfd int) error { return syscall.Dup3(oldfd, newfd, 0) }
