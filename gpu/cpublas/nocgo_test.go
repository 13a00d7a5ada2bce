//go:build !cgo

package cpublas

const cgoEnabled = false
