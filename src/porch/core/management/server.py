"""The pieces of ``porch serve``: server command lines, static files, a supervisor.

The web server and the task worker run as child processes of ``porch serve``, which
forwards SIGTERM/SIGINT to them, restarts a task worker that dies, and stops both on
exit. With a worker, it also enqueues the daily jobs once an hour when they are due
(``porch.core.schedule``), so a site needs no cron. bench/serve.py starts the
servers with these same command lines.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path
from types import FrameType

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.db import DatabaseError, connection

from porch.core.page_cache.files import files_expired_sweep
from porch.core.parent_death import DIE_WITH_SERVER_VARIABLE, parent_death_signal
from porch.core.schedule import daily_jobs_enqueue_due

SERVERS = ("granian", "gunicorn")
# Chosen by measurement; the numbers are in bench/README.md, section "Server".
DEFAULT_SERVER = "granian"
STATIC_FINGERPRINT = ".porch-static-fingerprint"
POLL_SECONDS = 0.5
STOP_GRACE_SECONDS = 20
# How long granian waits for a worker to finish its requests before killing it;
# shorter than the grace above, so granian itself, not its parent, ends a stuck one.
WORKERS_KILL_SECONDS = 10
WORKER_RESTART_DELAY = 2.0
WORKER_RESTARTS_PER_MINUTE = 5
# Daily jobs are due from a given hour, so an hourly look runs each within the hour.
SCHEDULE_SECONDS = 3600
# Python threads per server process: enough to overlap database waits; more only
# contend for the GIL (granian would otherwise allow hundreds).
THREADS_PER_WORKER = 4
STDERR_FD = 2

log = logging.getLogger("porch.serve")


def server_argv(*, server: str, host: str, port: int, workers: int) -> list[str]:
    """The command line running Porch's WSGI app under ``server``."""
    app = "porch.wsgi:application"
    if server == "granian":
        return [
            *(sys.executable, "-m", "granian", "--interface", "wsgi", "--no-ws"),
            *("--host", host, "--port", str(port), "--workers", str(workers)),
            *("--blocking-threads", str(THREADS_PER_WORKER)),
            *("--respawn-failed-workers", "--log-level", "warning"),
            *("--workers-kill-timeout", str(WORKERS_KILL_SECONDS), app),
        ]
    if server == "gunicorn":
        return [
            *(sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}"),
            *("--workers", str(workers), "--threads", str(THREADS_PER_WORKER)),
            *("--error-logfile", "-", app),
        ]
    raise ValueError(f"unknown server {server!r}; choose one of {SERVERS}")


def worker_argv() -> list[str]:
    """The command line of the background task worker (django-tasks-db)."""
    return [sys.executable, "-m", "porch", "db_worker", "--no-reload"]


def schedule_tick() -> None:
    """Enqueue the daily jobs that are due; a database failure is logged, not fatal."""
    try:
        daily_jobs_enqueue_due()
    except DatabaseError:
        log.exception("could not check the daily jobs; trying again in an hour")
    finally:
        # The supervisor then idles for an hour: no reason to hold a connection.
        connection.close()


def static_fingerprint() -> str:
    """A hash of every static source file's path, size and modification time."""
    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in sorted(finder.list([]), key=lambda found: found[0]):
            stat = Path(storage.path(path)).stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def static_collect_if_needed(static_root: Path) -> bool:
    """Collect static files into ``static_root`` unless they are already current.

    Returns whether it collected. Compressing every file takes seconds, so an
    unchanged install skips it.
    """
    fingerprint = static_fingerprint()
    stamp = static_root / STATIC_FINGERPRINT
    if stamp.exists() and stamp.read_text() == fingerprint:
        return False
    call_command(
        "collectstatic",
        interactive=False,
        clear=True,
        verbosity=0,
        stdout=io.StringIO(),
    )
    stamp.write_text(fingerprint)
    return True


class Supervisor:
    """Runs the web server and, optionally, a task worker until a signal stops them."""

    def __init__(self, *, web: list[str], worker: list[str] | None) -> None:
        self.web_argv = web
        self.worker_argv = worker
        # Jobs enqueued without a worker would only pile up in the queue.
        self.schedule = schedule_tick if worker else None
        self.stopping = threading.Event()
        self.worker_starts: deque[float] = deque(maxlen=WORKER_RESTARTS_PER_MINUTE)
        self.children: dict[str, subprocess.Popen[bytes]] = {}

    def run(self) -> int:
        """Start the children and watch them; return the web server's exit code."""
        previous = {
            signum: signal.signal(signum, self._on_signal)
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            self.children["web server"] = _spawn(self.web_argv)
            if self.worker_argv:
                self._worker_start()
            return self._watch()
        finally:
            self._stop_children()
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        log.info("received %s, stopping", signal.Signals(signum).name)
        self.stopping.set()

    def _watch(self) -> int:
        restart_at: float | None = None
        schedule_at = time.monotonic()
        while not self.stopping.wait(POLL_SECONDS):
            if self.schedule is not None and time.monotonic() >= schedule_at:
                schedule_at = time.monotonic() + SCHEDULE_SECONDS
                self.schedule()
            if settings.PAGE_CACHE == "files":  # files nginx serves have no expiry
                files_expired_sweep()
            code = self.children["web server"].poll()
            if code is not None:
                log.error("the web server exited with code %s", code)
                return code or 1
            worker = self.children.get("task worker")
            if worker is not None and worker.poll() is not None:
                log.warning("the task worker exited with code %s", worker.returncode)
                del self.children["task worker"]
                restart_at = self._worker_restart_time()
            if restart_at is not None and time.monotonic() >= restart_at:
                restart_at = None
                self._worker_start()
        return 0

    def _worker_restart_time(self) -> float | None:
        starts = self.worker_starts
        if len(starts) == starts.maxlen and time.monotonic() - starts[0] < 60:
            log.error("the task worker keeps failing; not restarting it")
            return None
        return time.monotonic() + WORKER_RESTART_DELAY

    def _worker_start(self) -> None:
        assert self.worker_argv is not None  # noqa: S101 (only called when set)
        self.worker_starts.append(time.monotonic())
        self.children["task worker"] = _spawn(self.worker_argv)

    def _stop_children(self) -> None:
        for process in self.children.values():
            if process.poll() is None:
                process.terminate()
        for name, process in self.children.items():
            try:
                process.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                log.warning("the %s did not stop in time; killing it", name)
                process.kill()
                process.wait()
            _group_kill(process.pid)


def _spawn(argv: list[str]) -> subprocess.Popen[bytes]:
    """Start a child in a process group of its own, to die with ``porch serve``.

    The group holds the child's own children (the web server's workers), so one
    signal reaches them all once the child is gone; the terminal's Ctrl-C reaches
    ``porch serve`` alone, which stops the children in order.
    """
    return subprocess.Popen(  # noqa: S603 (our own argv)
        argv,
        # Servers print their own messages on stdout; a host reads logs on stderr.
        stdout=STDERR_FD,
        env={**os.environ, DIE_WITH_SERVER_VARIABLE: "1"},
        process_group=0,
        preexec_fn=parent_death_signal(signal.SIGTERM),
    )


def _group_kill(group: int) -> None:
    """Kill whatever is left in a stopped child's process group (a lost worker)."""
    # An empty group (everything in it stopped) answers ProcessLookupError.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGKILL)
