#!/usr/bin/python3
"""Times warm trivial cells whose code differs from run to run, per kernel.

    JK=HARNESS newcode.py OUTDIR KERNEL...

latency.py's "hello" case runs the same cell again, which a kernel may
answer without a build; here every cell is new: a print of a new string and
a new definition. GoNB gets the same work in its own cell form (a %% main
and a package-level var). Writes OUTDIR/newcode.json with the median wall
time of each kind per kernel, from execute_request to idle.
"""
import asyncio
import json
import os
import statistics
import sys

sys.path.insert(0, os.environ["JK"])
import jkharness  # noqa: E402  (the harness's own session driver)

CELLS = {
    "gonb": {"print": lambda i: f'%%\nfmt.Println("hello {i}")',
             "define": lambda i: f"var x{i} = {i}\n%%\nfmt.Println(x{i})"},
    "repl": {"print": lambda i: f'fmt.Println("hello {i}")',
             "define": lambda i: f"x{i} := {i}"},
}


async def measure(kernel, runs):
    cells = CELLS["gonb" if kernel == "gonb" else "repl"]
    session = jkharness.KernelSession(kernel, log=lambda *a: None)
    await session.start()
    medians = {}
    try:
        if kernel != "gonb":
            await session.execute('import "fmt"', timeout=120)
        for kind, cell in cells.items():
            walls = []
            for i in range(runs + 1):  # the first run of each kind is not timed
                r = await session.execute(cell(i), timeout=120)
                if r["status"] != "ok":
                    raise SystemExit(f"{kernel}: {kind} cell {i} failed: {r.get('error')}")
                if i > 0:
                    walls.append(r["wall_s"])
            medians[kind] = statistics.median(walls)
    finally:
        await session.shutdown()
    return medians


async def main():
    out, kernels = sys.argv[1], sys.argv[2:]
    jkharness.setup_jupyter_env(None)
    runs = int(os.environ.get("RUNS", "5"))
    result = {k: await measure(k, runs) for k in kernels}
    with open(os.path.join(out, "newcode.json"), "w") as f:
        json.dump(result, f)


asyncio.run(main())
