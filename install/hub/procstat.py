"""Memory and CPU of a student's processes, read from /proc.

A student's processes are their Jupyter server (jupyterhub-singleuser,
found by JUPYTERHUB_USER in its environment), its kernels (the nnbook
binary) and everything below a kernel (the worker that runs the cells;
cell builds have finished by the time we measure).
"""

import os

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _read(path, mode="r"):
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError:
        return None


def _stat(pid):
    """(ppid, cpu seconds of the process and its waited-for children)."""
    s = _read(f"/proc/{pid}/stat")
    if s is None:
        return None
    fields = s[s.rindex(")") + 2:].split()
    ppid = int(fields[1])
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return ppid, (utime + stime + cutime + cstime) / CLK_TCK


def _memory(pid):
    """(RSS, PSS) in bytes from smaps_rollup."""
    rss = pss = 0
    for line in (_read(f"/proc/{pid}/smaps_rollup") or "").splitlines():
        parts = line.split()
        if parts and parts[0] == "Rss:":
            rss = int(parts[1]) * 1024
        elif parts and parts[0] == "Pss:":
            pss = int(parts[1]) * 1024
    return rss, pss


def _cmd(pid):
    raw = _read(f"/proc/{pid}/cmdline", "rb") or b""
    return [a.decode(errors="replace") for a in raw.split(b"\0") if a]


def _environ(pid):
    raw = _read(f"/proc/{pid}/environ", "rb") or b""
    out = {}
    for item in raw.split(b"\0"):
        k, sep, v = item.partition(b"=")
        if sep:
            out[k.decode(errors="replace")] = v.decode(errors="replace")
    return out


def processes():
    """{pid: ppid} for every process."""
    out = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = _stat(int(name))
            if st:
                out[int(name)] = st[0]
    return out


def marked(marker):
    """Pids of the processes whose environment has NNBOOK_HUB_RUN=marker."""
    return [pid for pid in processes() if _environ(pid).get("NNBOOK_HUB_RUN") == marker]


def student(user, marker):
    """The processes of user's server, as a dict of role -> list of
    {pid, cmd, rss, pss, cpu}: role "server", "kernel" and "worker"."""
    tree = processes()
    children = {}
    for pid, ppid in tree.items():
        children.setdefault(ppid, []).append(pid)
    servers = [pid for pid in tree
               if any("jupyterhub-singleuser" in a for a in _cmd(pid)[:2])
               and _environ(pid).get("JUPYTERHUB_USER") == user
               and _environ(pid).get("NNBOOK_HUB_RUN") == marker]
    roles = {"server": [], "kernel": [], "worker": []}

    def add(role, pid):
        st = _stat(pid)
        if st is None:
            return
        rss, pss = _memory(pid)
        roles[role].append({"pid": pid, "cmd": " ".join(_cmd(pid))[:120], "rss": rss, "pss": pss, "cpu": st[1]})

    def below(pid):
        for c in children.get(pid, []):
            yield c
            yield from below(c)

    for s in servers:
        add("server", s)
        for k in children.get(s, []):
            add("kernel", k)
            for w in below(k):
                add("worker", w)
    return roles
