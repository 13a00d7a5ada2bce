// Package gpubench holds benchmarks that need both nnkit and gpu: nnkit
// never imports gpu, so what measures one on top of the other lives here.
// It has no code outside its tests.
//
// BenchmarkMLPEpoch times an epoch of nnkit's benchmark network with
// gonum's pure-Go BLAS and with gpu.New()'s implementation installed by
// blas64.Use:
//
//	go test -run '^$' -bench MLPEpoch -benchtime 1x -count 5 ./internal/gpubench/
package gpubench
