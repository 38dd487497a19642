"""The servers the HTTP bench measures, each started on a free loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PORCH = str(Path(sys.executable).with_name("porch"))
START_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def tool(name: str, package: str) -> str:
    """The path of ``name``, installing Debian's ``package`` when running as root."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin")
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True)  # noqa: S603, S607
        found = shutil.which(name) or shutil.which(name, path="/usr/sbin")
    if found is None:
        raise SystemExit(f"bench: needs {name} (Debian: apt-get install {package})")
    return found


def wait_up(port: int, process: subprocess.Popen[bytes], path: str = "/") -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench: a server on port {port} exited early")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"bench: nothing answered on port {port}")


def porch_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "PORCH_DATA_DIR": str(data_dir)}
    env.update(
        PORCH_EMAIL_URL="memory://",
        PORCH_TRUSTED_PROXIES="127.0.0.1",
        PORCH_ALLOWED_HOSTS="127.0.0.1,localhost",
        **extra,
    )
    for name in ("PORCH_DATABASE_URL", "PORCH_CACHE_URL", "PORCH_PAGE_CACHE"):
        if name not in extra:
            env.pop(name, None)
    return env


def porch_run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603
        [PORCH, *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def porch_serve(
    env: dict[str, str], port: int, *, worker: bool
) -> subprocess.Popen[bytes]:
    argv = [PORCH, "serve", "--port", str(port), "--workers", "2"]
    process = subprocess.Popen([*argv, *(() if worker else ("--no-worker",))], env=env)  # noqa: S603
    wait_up(port, process)
    return process


def nginx_start(folder: Path, server_conf: str, port: int) -> subprocess.Popen[bytes]:
    """nginx in the foreground with ``server_conf`` inside its http block."""
    nginx = tool("nginx", "nginx-light")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.conf").write_text(server_conf)
    (folder / "nginx.conf").write_text(
        f"worker_processes 1;\ndaemon off;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log;\nuser root;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; client_body_temp_path {folder}/body; "
        f"proxy_temp_path {folder}/proxy; include {folder}/site.conf; }}\n"
    )
    process = subprocess.Popen(  # noqa: S603 (our nginx, our files)
        [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")]
    )
    wait_up(port, process)
    return process


def static_site_conf(root: Path, port: int) -> str:
    """nginx serving ``root``'s ``index.html`` at every path: the physical limit."""
    return (
        f"server {{ listen 127.0.0.1:{port}; root {root}; "
        "types { text/html html; } charset utf-8; "
        "location / { try_files /index.html =404; } }\n"
    )
