#!/usr/bin/python3
"""A class on JupyterHub, on this machine: N students start their servers
at the same moment and each runs a chapter notebook with the nnbook
kernel, through the hub's REST API and each server's kernel websocket.

  /usr/bin/python3 install/hub/classroom.py --users 10

Needs Debian's jupyterhub (3.0), node-configurable-http-proxy,
python3-jupyter-server and python3-websocket, and Go on PATH.  Everything
lives in a temporary directory: the kernel (built by go run ./install
--prefix), the hub's database, the proxy, the students' homes and the
class's shared Go build cache (gocache.py).  Every process started is
stopped at the end, also on failure or interrupt.

Reports the time from the start to the last notebook done, each
student's server, kernel and worker memory (RSS and PSS) and CPU seconds
at the end, the load average, and the failures; exits 1 on any failure.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import gocache  # noqa: E402
import procstat  # noqa: E402
from student import Student, login, request  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
MiB = 1 << 20


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--users", type=int, default=2, help="number of students (default 2)")
    p.add_argument("--notebook", default=os.path.join(REPO, "notebooks", "01_perceptron.ipynb"),
                   help="the notebook every student runs (default notebooks/01_perceptron.ipynb)")
    p.add_argument("--shared-cache", metavar="DIR",
                   help="a shared Go build cache built before (frozen by gocache.py freeze); "
                        "default: warm one in the temporary directory with the installer")
    p.add_argument("--no-shared-cache", action="store_true",
                   help="students start with an empty Go build cache (to measure the compile storm; "
                        "the kernel is still built with the shared one)")
    p.add_argument("--cell-timeout", type=float, default=900, help="seconds a cell may take (default 900)")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, homes)")
    a = p.parse_args(argv)
    if a.users < 1:
        p.error("--users must be at least 1")
    if a.shared_cache and not os.path.isdir(a.shared_cache):
        p.error(f"--shared-cache {a.shared_cache}: no such directory")
    return a


def need(cmd, package):
    if shutil.which(cmd) is None:
        sys.exit(f"classroom: {cmd} not found on PATH; install it: apt-get install {package}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


class Run:
    """The temporary directory and every process started in it."""

    def __init__(self, keep):
        self.dir = tempfile.mkdtemp(prefix="nnbook-hub-")
        self.keep = keep
        self.hub = None

    def install_kernel(self, shared_cache):
        """Builds the kernel into dir/prefix and its worker into the class's
        worker cache (dir/nnbook-cache, $NNBOOK_CACHE of every student);
        returns the shared build cache, warmed here unless shared_cache
        names one (then the warm-up only builds the worker)."""
        self.worker_cache = os.path.join(self.dir, "nnbook-cache")
        env = dict(os.environ, GOPROXY="off", GOTOOLCHAIN="local", NNBOOK_CACHE=self.worker_cache)
        args = ["go", "run", "./install", "--prefix", os.path.join(self.dir, "prefix"), "--no-run"]
        if shared_cache:
            env["GOCACHE"] = os.path.join(self.dir, "install-gocache")
            gocache.seed(shared_cache, env["GOCACHE"])
            result = shared_cache
        else:
            env["GOCACHE"] = os.path.join(self.dir, "shared-gocache")
            result = env["GOCACHE"]
        t0 = time.monotonic()
        with open(os.path.join(self.dir, "install.log"), "w") as out:
            rc = subprocess.call(args, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        if rc != 0:
            raise RuntimeError(f"go run ./install failed (exit {rc}); see {self.dir}/install.log")
        log(f"kernel installed in {time.monotonic() - t0:.0f} s (GOCACHE {env['GOCACHE']})")
        if not shared_cache:
            gocache.freeze(env["GOCACHE"])
        return result

    def start_hub(self, shared_cache):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.password = secrets.token_urlsafe(12)
        self.admin_token = secrets.token_hex(32)
        gomodcache = subprocess.check_output(["go", "env", "GOMODCACHE"], text=True).strip()
        # The install's GOFLAGS (from the environment or the go env file of
        # the user who ran it): the students' builds must use the same
        # settings to share the install's worker and compiled packages.
        goflags = subprocess.check_output(["go", "env", "GOFLAGS"], text=True).strip()
        env = dict(os.environ,
                   NNBOOK_HUB_DIR=self.dir, NNBOOK_HUB_RUN=self.dir,
                   NNBOOK_HUB_PORT=str(self.port), NNBOOK_HUB_API_PORT=str(free_port()),
                   NNBOOK_HUB_PROXY_API_PORT=str(free_port()),
                   NNBOOK_HUB_PASSWORD=self.password, NNBOOK_HUB_ADMIN_TOKEN=self.admin_token,
                   NNBOOK_HUB_JUPYTER_PATH=os.path.join(self.dir, "prefix", "share", "jupyter"),
                   NNBOOK_HUB_GOMODCACHE=gomodcache, NNBOOK_HUB_SHARED_GOCACHE=shared_cache,
                   NNBOOK_HUB_CACHE=self.worker_cache, NNBOOK_HUB_GOFLAGS=goflags)
        self.hub_log = open(os.path.join(self.dir, "jupyterhub.log"), "w")
        self.hub = subprocess.Popen(["jupyterhub", "-f", os.path.join(HERE, "jupyterhub_config.py")],
                                    cwd=self.dir, env=env, stdout=self.hub_log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.hub.poll() is not None:
                raise RuntimeError(f"jupyterhub exited with {self.hub.returncode}; see {self.dir}/jupyterhub.log")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=5) as r:
                    if r.status == 200:
                        log(f"hub up at {self.url}")
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"hub not answering after 120 s; see {self.dir}/jupyterhub.log")

    def stop(self):
        """Stops the hub (which stops the servers and the proxy), then any
        process of this run still alive, by pid; removes the directory."""
        if self.hub and self.hub.poll() is None:
            self.hub.send_signal(signal.SIGTERM)
            try:
                self.hub.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.hub.pid, signal.SIGKILL)
                self.hub.wait()
        for sig in (signal.SIGTERM, signal.SIGKILL):
            left = procstat.marked(self.dir)
            for pid in left:
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
            if left:
                time.sleep(3)
        left = procstat.marked(self.dir)
        if left:
            log(f"still running after SIGKILL: {left}")
        if self.keep:
            log(f"kept {self.dir}")
            return
        for root, dirs, files in os.walk(self.dir):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(self.dir, ignore_errors=True)


def run_class(run, args, notebook):
    failures = []
    status = login(run.url, "intruder", "not-the-password")
    if status != 200:
        failures.append(f"intruder: a wrong password got HTTP {status}, want 200 (the login form again)")
    students = [Student(f"student{i:02d}", run.url, run.admin_token, run.password, notebook,
                        args.cell_timeout) for i in range(1, args.users + 1)]
    go = threading.Event()
    start = [0.0]

    def one(s):
        go.wait()
        s.run(start[0])

    threads = [threading.Thread(target=one, args=(s,)) for s in students]
    for t in threads:
        t.start()
    load_start = os.getloadavg()
    log(f"start: {args.users} students, load average {load_start[0]:.2f}")
    start[0] = time.monotonic()
    go.set()
    for t in threads:
        t.join()
    wall = max(s.times["done"] for s in students)
    load_end = os.getloadavg()
    log(f"last notebook done after {wall:.1f} s, load average {load_end[0]:.2f}")
    results = []
    for s in students:
        roles = procstat.student(s.name, run.dir)
        if s.error:
            failures.append(f"{s.name}: {s.error}")
        results.append({"user": s.name, "error": s.error, "times": s.times, "cells": s.cells,
                        "processes": roles})
    stoppers = [threading.Thread(target=s.stop) for s in students]
    for t in stoppers:
        t.start()
    for t in stoppers:
        t.join()
    return {"users": args.users, "notebook": os.path.relpath(args.notebook, REPO),
            "shared_cache": not args.no_shared_cache, "wall_s": wall,
            "loadavg_start": load_start, "loadavg_end": load_end, "cpus": os.cpu_count(),
            "students": results, "failures": failures}


def total(roles, role, key):
    return sum(p[key] for p in roles[role])


def report(r):
    print(f"\n{r['users']} students, {r['notebook']}, shared build cache: {r['shared_cache']}, "
          f"{r['cpus']} CPUs")
    print(f"load average at start {r['loadavg_start'][0]:.2f} {r['loadavg_start'][1]:.2f} "
          f"{r['loadavg_start'][2]:.2f}, at end {r['loadavg_end'][0]:.2f} {r['loadavg_end'][1]:.2f} "
          f"{r['loadavg_end'][2]:.2f}")
    print(f"start to last notebook done: {r['wall_s']:.1f} s\n")
    head = ("user", "server", "kernel", "cell 1", "cell 2", "done", "kernel RSS/PSS", "worker RSS/PSS",
            "server RSS/PSS", "CPU kernel+worker", "CPU server")
    print("%-10s %7s %7s %7s %7s %7s %16s %16s %16s %9s %9s" % head)
    for s in r["students"]:
        p, t, c = s["processes"], s["times"], s["cells"] + [float("nan")] * 2
        mem = lambda role: f"{total(p, role, 'rss') / MiB:.0f}/{total(p, role, 'pss') / MiB:.0f} MiB"
        print("%-10s %7.1f %7.1f %7.1f %7.1f %7.1f %16s %16s %16s %9.1f %9.1f" % (
            s["user"], t.get("server", float("nan")), t.get("kernel", float("nan")), c[0], c[1],
            t["done"], mem("kernel"), mem("worker"), mem("server"),
            total(p, "kernel", "cpu") + total(p, "worker", "cpu"), total(p, "server", "cpu")))
    print("\n(times in seconds after the start; server: ready, kernel: started; "
          "CPU seconds include the cell builds the kernel ran)")
    print(f"failures: {len(r['failures'])}")
    for f in r["failures"]:
        print(f"  {f}")


def main(argv):
    args = parse_args(argv)
    need("jupyterhub", "jupyterhub")
    need("configurable-http-proxy", "node-configurable-http-proxy")
    need("go", "Go 1.26 (https://go.dev/doc/install) and put it on PATH")
    with open(args.notebook) as f:
        notebook = json.load(f)
    run = Run(args.keep)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        log(f"working in {run.dir}")
        shared = run.install_kernel(args.shared_cache)
        before = gocache.snapshot(shared)
        run.start_hub("" if args.no_shared_cache else shared)
        r = run_class(run, args, notebook)
        if gocache.snapshot(shared) != before:
            r["failures"].append(f"the shared build cache {shared} changed during the class")
    finally:
        run.stop()
    report(r)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(r, f, indent=1)
    return 1 if r["failures"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
