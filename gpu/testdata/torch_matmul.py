#!/usr/bin/env python3
"""Float64 matrix product speed of PyTorch on the GPU, for comparison with
package gpu's BenchmarkDgemm/cuda-resident.

Operands stay on the device; each size is warmed up, then timed over
back-to-back products with one synchronisation at the end, as the Go
benchmark does. The output uses Go's benchmark format, so benchstat can
read it beside `go test -bench` output.

Run: python3 gpu/testdata/torch_matmul.py [n ...]
"""

import sys
import time

import torch


def bench(n, min_seconds=0.5):
    g = torch.Generator(device="cuda").manual_seed(n)
    a = torch.rand(n, n, dtype=torch.float64, device="cuda", generator=g)
    b = torch.rand(n, n, dtype=torch.float64, device="cuda", generator=g)
    c = torch.matmul(a, b)  # warm-up: loads the kernels
    torch.cuda.synchronize()
    iters = 1
    while True:
        start = time.perf_counter()
        for _ in range(iters):
            c = torch.matmul(a, b)
        torch.cuda.synchronize()
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            break
        # Aim past min_seconds, growing at least twofold and at most 100-fold.
        iters = min(100 * iters, max(2 * iters, int(1.2 * min_seconds / max(elapsed, 1e-9) * iters)))
    del c
    return iters, elapsed


def main():
    if not torch.cuda.is_available():
        print("torch_matmul: no CUDA device", file=sys.stderr)
        return 1
    sizes = [int(s) for s in sys.argv[1:]] or [64, 128, 256, 512, 1024, 2048, 4096, 8192]
    print(f"# torch {torch.__version__}, CUDA {torch.version.cuda}, {torch.cuda.get_device_name()}")
    for n in sizes:
        iters, elapsed = bench(n)
        ns = elapsed / iters * 1e9
        gflops = 2 * n**3 * iters / elapsed / 1e9
        print(f"BenchmarkTorchMatmul/cuda-resident/n={n}\t{iters}\t{ns:.0f} ns/op\t{gflops:.4g} GFLOP/s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
