//go:build cgo

package gpu

// cgoEnabled tells the tests which build they run in.
const cgoEnabled = true
