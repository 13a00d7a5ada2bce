# JupyterHub configuration for a class on one machine, used by classroom.py
# (which sets the NNBOOK_HUB_* variables below) and usable as a starting
# point for a real one-machine hub.
#
# Spawner: SimpleLocalProcessSpawner runs every student's server as the
# hub's own Unix user, each with a home of their own.  It needs no system
# accounts, which is what a test that must leave the machine as it found it
# wants; it isolates nothing (one student can read another's files).  A real
# one-machine class uses LocalProcessSpawner (or SystemdSpawner, which adds
# per-user cgroup limits) with one system user per student; the rest of
# this file stays the same.
import os

env = os.environ
tmp = env["NNBOOK_HUB_DIR"]
here = os.path.dirname(os.path.abspath(__file__))

c = get_config()  # noqa: F821 (defined by JupyterHub when it loads this file)

c.JupyterHub.bind_url = f"http://127.0.0.1:{env['NNBOOK_HUB_PORT']}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{env['NNBOOK_HUB_API_PORT']}"
c.JupyterHub.db_url = f"sqlite:///{tmp}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{tmp}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = f"{tmp}/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

c.JupyterHub.proxy_class = "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = ["configurable-http-proxy"]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env['NNBOOK_HUB_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.pid_file = f"{tmp}/proxy.pid"
c.ConfigurableHTTPProxy.should_start = True
# Debian's configurable-http-proxy finds its modules (commander, http-proxy,
# ...) in /usr/share/nodejs, where Debian's node looks by itself; a node
# from elsewhere (NodeSource's nodejs package replaces Debian's) needs
# NODE_PATH.  The proxy inherits the hub's environment.
if os.path.isdir("/usr/share/nodejs/configurable-http-proxy"):
    paths = [p for p in env.get("NODE_PATH", "").split(os.pathsep) if p]
    if "/usr/share/nodejs" not in paths:
        os.environ["NODE_PATH"] = os.pathsep.join(paths + ["/usr/share/nodejs"])

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = env["NNBOOK_HUB_PASSWORD"]

# The teacher's service: creates the students' tokens, starts and stops
# their servers.
c.JupyterHub.services = [{"name": "classroom", "api_token": env["NNBOOK_HUB_ADMIN_TOKEN"]}]
c.JupyterHub.load_roles = [{
    "name": "classroom",
    "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"],
    "services": ["classroom"],
}]

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = f"{tmp}/home/{{username}}"
c.Spawner.cmd = [os.path.join(here, "start-singleuser")]
# The servers run as the hub's user; jupyter_server refuses root unless told.
if os.getuid() == 0:
    c.Spawner.args = ["--allow-root"]
c.Spawner.start_timeout = 900
c.Spawner.http_timeout = 900
# Every student's server, kernel and cells see the class's Go setup: the
# installed kernelspec, the shared module cache (read-only by nature), no
# network, and a build cache of their own seeded from the shared one.
c.Spawner.environment = {
    "JUPYTERHUB_SINGLEUSER_APP": "jupyter_server.serverapp.ServerApp",
    "JUPYTER_PATH": env["NNBOOK_HUB_JUPYTER_PATH"],
    "PATH": env["PATH"],
    "GOMODCACHE": env["NNBOOK_HUB_GOMODCACHE"],
    "GOPROXY": "off",
    "GOTOOLCHAIN": "local",
    "GOFLAGS": env.get("NNBOOK_HUB_GOFLAGS", ""),
    "GOCACHE": lambda spawner: os.path.join(spawner.home_dir, ".cache", "go-build"),
    "NNBOOK_SHARED_GOCACHE": env.get("NNBOOK_HUB_SHARED_GOCACHE", ""),
    # The kernel's worker, built once by the install: no student builds one.
    "NNBOOK_CACHE": env.get("NNBOOK_HUB_CACHE", ""),
    "NNBOOK_HUB_RUN": tmp,
}
