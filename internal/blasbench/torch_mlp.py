#!/usr/bin/python3
"""PyTorch's side of internal/blasbench/bench.sh.

Trains the network of nnkit/model's BenchmarkMLPEpoch for one epoch and
prints one JSON line with the seconds it took:

    784-128-64-10 MLP with ReLU, softmax cross-entropy, SGD with lr 0.1,
    mini-batches of 64 drawn in a fresh random order, on MNIST's 60 000
    training images (pixels / 255) when --mnist names the folder of its
    idx files, else on 60 000 random rows uniform in [-1, 1) with random
    labels (nnkit's "dense" set has the same shape).

The batches are gathered by index from the full tensor, as nnkit's Fit
copies rows, and the loop is the usual zero_grad/backward/step. With
--gemm it instead times torch.matmul for the layer shapes and 2048^2 and
prints GFLOP/s. Debian's python3-torch; --threads sets torch's threads.
"""

import argparse
import gzip
import json
import os
import time

import numpy as np
import torch


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def find(folder, name):
    for candidate in (name, name + ".gz"):
        path = os.path.join(folder, candidate)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(os.path.join(folder, name))


def load(mnist, dtype):
    if mnist:
        x = read_idx(find(mnist, "train-images-idx3-ubyte")).reshape(60000, 784) / 255.0
        y = read_idx(find(mnist, "train-labels-idx1-ubyte")).astype(np.int64)
        data = "mnist"
    else:
        rng = np.random.default_rng(1)
        x = rng.uniform(-1, 1, size=(60000, 784))
        y = rng.integers(0, 10, size=60000)
        data = "dense"
    return torch.tensor(x, dtype=dtype), torch.tensor(y), data


def epoch(x, y, dtype, batch=64, lr=0.1):
    torch.manual_seed(1)
    net = torch.nn.Sequential(
        torch.nn.Linear(784, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 64), torch.nn.ReLU(),
        torch.nn.Linear(64, 10),
    ).to(dtype)
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    start = time.perf_counter()
    perm = torch.randperm(x.shape[0])
    total = 0.0
    for lo in range(0, x.shape[0], batch):
        idx = perm[lo:lo + batch]
        xb, yb = x.index_select(0, idx), y.index_select(0, idx)
        loss = loss_fn(net(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
    return time.perf_counter() - start, total / x.shape[0]


def gemm(dtype, seconds=0.5):
    out = {}
    for m, k, n in ((64, 784, 128), (64, 128, 64), (2048, 2048, 2048)):
        a, b = torch.rand(m, k, dtype=dtype), torch.rand(k, n, dtype=dtype)
        c = a @ b
        reps, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            torch.matmul(a, b, out=c)
            reps += 1
        elapsed = time.perf_counter() - start
        out[f"{m}x{k}x{n}"] = 2 * m * n * k * reps / elapsed / 1e9
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--mnist", default="", help="folder of MNIST's idx files (else random data)")
    p.add_argument("--gemm", action="store_true", help="time torch.matmul instead of an epoch")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    dtype = getattr(torch, args.dtype)
    name = "torch-" + args.dtype
    if args.gemm:
        print(json.dumps({"impl": name, "gflops": gemm(dtype)}))
        return
    x, y, data = load(args.mnist, dtype)
    seconds, loss = epoch(x, y, dtype)
    print(json.dumps({"impl": name, "data": data, "seconds": seconds, "loss": loss}))


if __name__ == "__main__":
    main()
