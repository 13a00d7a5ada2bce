"""One student: logs in to the hub, starts a server, runs a notebook
through the server's kernel websocket and checks the outputs against the
notebook's saved ones."""

import datetime
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import websocket  # python3-websocket


class Failure(Exception):
    """What went wrong for a student, said plainly."""


def request(method, url, token=None, body=None, timeout=60):
    """An HTTP request; returns (status, parsed JSON body or None)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if token:
        req.add_header("Authorization", f"token {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw.strip() else None)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")[:500]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def login(hub, user, password):
    """Posts the hub's login form; returns the HTTP status: 302 (to the
    spawn page) when the password is accepted; JupyterHub 3.0 answers a
    wrong one with the form again (200, "Invalid username or password")."""
    opener = urllib.request.build_opener(_NoRedirect)
    form = urllib.parse.urlencode({"username": user, "password": password}).encode()
    try:
        with opener.open(f"{hub}/hub/login", data=form, timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def _text(v):
    return "".join(v) if isinstance(v, list) else v


def normalise(outputs):
    """Outputs as comparable tuples: streams merged by name, rich data by
    MIME type, errors by name and value."""
    out = []
    for o in outputs:
        t = o.get("output_type") or o.get("msg_type")
        if t == "stream":
            text = _text(o["text"])
            if out and out[-1][0] == "stream" and out[-1][1] == o["name"]:
                out[-1] = ("stream", o["name"], out[-1][2] + text)
            else:
                out.append(("stream", o["name"], text))
        elif t in ("execute_result", "display_data"):
            data = {k: _text(v).rstrip("\n") if k.startswith("image/") else _text(v)
                    for k, v in o["data"].items()}
            out.append((t, json.dumps(data, sort_keys=True)))
        elif t == "error":
            out.append(("error", o["ename"], o["evalue"]))
    return out


class Student:
    def __init__(self, name, hub, admin_token, password, notebook, cell_timeout):
        self.name = name
        self.hub = hub
        self.admin_token = admin_token
        self.password = password
        self.notebook = notebook
        self.cell_timeout = cell_timeout
        self.token = None
        self.kernel_id = None
        self.times = {}     # event -> seconds after the start
        self.cells = []     # seconds per cell
        self.error = None

    def api(self, method, path, body=None, token=None, timeout=60):
        return request(method, f"{self.hub}{path}", token or self.token, body, timeout)

    def run(self, start):
        """The whole session; sets self.error instead of raising."""
        try:
            self._run(start)
        except Exception as e:  # a student's failure is reported, not raised
            self.error = f"{type(e).__name__}: {e}"
        self.times["done"] = time.monotonic() - start

    def _mark(self, start, event):
        self.times[event] = time.monotonic() - start

    def _run(self, start):
        status = login(self.hub, self.name, self.password)
        if status != 302:
            raise Failure(f"login with the class password: HTTP {status}, want 302")
        self._mark(start, "login")
        status, body = self.api("POST", f"/hub/api/users/{self.name}/tokens",
                                {"note": "classroom test", "expires_in": 3600}, token=self.admin_token)
        if status != 201:
            raise Failure(f"token: HTTP {status}: {body}")
        self.token = body["token"]
        status, body = self.api("POST", f"/hub/api/users/{self.name}/server", timeout=900)
        if status not in (201, 202):
            raise Failure(f"start server: HTTP {status}: {body}")
        deadline = time.monotonic() + 900
        while True:
            status, body = self.api("GET", f"/hub/api/users/{self.name}")
            server = body.get("servers", {}).get("") if status == 200 else None
            if server and server.get("ready"):
                break
            if status == 200 and not server and not body.get("pending"):
                raise Failure("the server stopped while starting (see the hub's log)")
            if time.monotonic() > deadline:
                raise Failure(f"server not ready after 900 s: {body}")
            time.sleep(0.5)
        self._mark(start, "server")
        status, body = self.api("POST", f"/user/{self.name}/api/kernels", {"name": "nnbook"}, timeout=300)
        if status != 201:
            raise Failure(f"start kernel: HTTP {status}: {body}")
        self.kernel_id = body["id"]
        ws_url = self.hub.replace("http", "ws", 1) + f"/user/{self.name}/api/kernels/{self.kernel_id}/channels"
        ws = websocket.create_connection(ws_url, header=[f"Authorization: token {self.token}"],
                                         timeout=self.cell_timeout)
        try:
            self._mark(start, "kernel")
            session = uuid.uuid4().hex
            for i, cell in enumerate(code_cells(self.notebook)):
                t0 = time.monotonic()
                got = self._execute(ws, session, _text(cell["source"]))
                self.cells.append(time.monotonic() - t0)
                want = normalise(cell.get("outputs", []))
                if normalise(got) != want:
                    raise Failure(f"cell {i + 1}: outputs differ from the saved notebook: "
                                  f"got {str(normalise(got))[:300]}, want {str(want)[:300]}")
        finally:
            ws.close()

    def _execute(self, ws, session, code):
        """Runs code; returns its iopub outputs once the kernel is idle and
        has replied ok."""
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": self.name,
                       "session": session, "version": "5.3",
                       "date": datetime.datetime.now(datetime.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }))
        outputs, reply, idle = [], None, False
        deadline = time.monotonic() + self.cell_timeout
        while reply is None or not idle:
            if time.monotonic() > deadline:
                raise Failure(f"cell not done after {self.cell_timeout} s")
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            t = msg["header"]["msg_type"]
            if msg["channel"] == "shell" and t == "execute_reply":
                reply = msg["content"]
            elif t == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif t in ("stream", "execute_result", "display_data", "error"):
                outputs.append(dict(msg["content"], output_type=t))
        if reply.get("status") != "ok":
            raise Failure(f"cell failed: {reply.get('ename')}: {reply.get('evalue')}")
        return outputs

    def stop(self):
        """Shuts the kernel down and stops the server (errors ignored: the
        hub stops what is left)."""
        if self.token and self.kernel_id:
            self.api("DELETE", f"/user/{self.name}/api/kernels/{self.kernel_id}")
        if self.token:
            self.api("DELETE", f"/hub/api/users/{self.name}/server", token=self.admin_token, timeout=120)
