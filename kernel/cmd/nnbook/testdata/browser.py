#!/usr/bin/python3
"""Runs a notebook in Jupyter Notebook's web UI in headless Chromium and
prints, as JSON, what each code cell's output area shows.

Usage: /usr/bin/python3 browser.py --dir DIR --notebook NAME --answer TEXT
           [--timeout S]

It starts jupyter-notebook on 127.0.0.1 (a free port, a random token),
opens the notebook, runs all cells, types TEXT into the first input box a
cell opens, waits until no cell is running, and prints one object per code
cell: {"prompt", "html", "text", "images", "inputs"}: images counts the
PNG <img> elements, inputs the input boxes left open. Needs Debian's
chromium, chromium-driver, python3-selenium and jupyter-notebook.
"""
import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(what, cond, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        time.sleep(0.2)
    raise TimeoutError("timed out waiting for " + what)


CELLS_JS = """
return Jupyter.notebook.get_cells().filter(c => c.cell_type == 'code').map(c => {
  const area = c.output_area.element[0];
  return {
    prompt: c.input_prompt_number === undefined ? null : c.input_prompt_number,
    html: area.innerHTML,
    text: area.innerText,
    images: area.querySelectorAll('img[src^="data:image/png"]').length,
    inputs: area.querySelectorAll('input.raw_input').length,
  };
});
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--notebook", required=True)
    ap.add_argument("--answer", required=True)
    ap.add_argument("--timeout", type=float, default=240)
    args = ap.parse_args()

    port, token = free_port(), secrets.token_hex(16)
    cmd = ["jupyter-notebook", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--NotebookApp.token={token}", f"--notebook-dir={args.dir}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI run as root
    server = subprocess.Popen(cmd, stdout=sys.stderr, stderr=sys.stderr)
    driver = None
    try:
        base = f"http://127.0.0.1:{port}"

        def up():
            if server.poll() is not None:
                raise RuntimeError(f"jupyter-notebook exited with status {server.returncode}")
            try:
                urllib.request.urlopen(f"{base}/api?token={token}", timeout=2)
                return True
            except OSError:
                return False

        wait("the notebook server", up, 60)
        opts = Options()
        for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
            opts.add_argument(a)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        driver.get(f"{base}/notebooks/{args.notebook}?token={token}")
        wait("the kernel", lambda: driver.execute_script(
            "return typeof Jupyter !== 'undefined' && Jupyter.notebook && Jupyter.notebook.kernel"
            " && Jupyter.notebook.kernel.is_connected()"), 120)
        driver.execute_script("Jupyter.notebook.execute_all_cells()")
        box = wait("an input box", lambda: driver.find_elements(By.CSS_SELECTOR, "input.raw_input"), args.timeout)
        box[0].send_keys(args.answer + Keys.ENTER)

        def done():
            cells = driver.execute_script(CELLS_JS)
            if all(c["prompt"] not in (None, "*") for c in cells):
                return cells
            return None

        cells = wait("the cells to finish", done, args.timeout)
        json.dump(cells, sys.stdout, indent=1)
        print()
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
