#!/usr/bin/python3
"""Executes a notebook with nbclient, the real Jupyter client, and writes it.

Usage: /usr/bin/python3 nbclient_run.py --kernel NAME --pidfile FILE --log FILE
           [--timeout S] IN.ipynb OUT.ipynb

The kernel runs in the input notebook's directory; its output goes to --log
and its pid to --pidfile, so the caller can kill whatever it leaves behind.
Cells tagged "raises-exception" may fail; any other error stops the run with
exit status 1. The executed notebook is written in either case.
"""
import argparse
import os
import sys

import nbformat
from nbclient import NotebookClient


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel", default="nnbook")
    ap.add_argument("--pidfile", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--timeout", type=int, default=120, help="per-cell timeout in seconds")
    ap.add_argument("input")
    ap.add_argument("output")
    args = ap.parse_args()

    nb = nbformat.read(args.input, as_version=4)
    client = NotebookClient(nb, kernel_name=args.kernel, timeout=args.timeout, startup_timeout=60,
                            allow_errors=False, interrupt_on_timeout=True,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.input))}})

    def record_pid(notebook):
        with open(args.pidfile, "w") as f:
            f.write(str(client.km.provisioner.process.pid))

    client.on_notebook_start = record_pid
    status = 0
    with open(args.log, "ab") as log:
        try:
            client.execute(stdout=log, stderr=log)
        except Exception as e:  # CellExecutionError, CellTimeoutError, DeadKernelError, start-up errors
            print(f"{type(e).__name__}: {e}", file=sys.stderr)
            status = 1
    nbformat.write(nb, args.output)
    return status


if __name__ == "__main__":
    sys.exit(main())
