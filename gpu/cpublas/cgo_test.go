//go:build cgo

package cpublas

const cgoEnabled = true
