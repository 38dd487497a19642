"""Stopping or killing ``porch serve`` leaves no web worker or task worker behind.

``porch serve`` runs a real granian (one server process and its worker) and the task
worker; each test stops it one way and waits for every process it started to end.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.test_cli import first_answer, serve_start
from tests.processes import command_line, descendants, session_kill, still_running

# granian gives a worker 10 s to finish its requests, then kills it.
GONE_WITHIN_SECONDS = 30
STARTED_WITHIN_SECONDS = 60


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """One data dir for the module: only the first start migrates and collects."""
    return tmp_path_factory.mktemp("serve-processes")


@pytest.fixture
def serving(data_dir: Path) -> Iterator[tuple[subprocess.Popen[str], set[int], int]]:
    """``porch serve`` answering, with every process it started by then."""
    server, log, port = serve_start(data_dir)
    try:
        status, _page = first_answer(f"http://127.0.0.1:{port}/", server, log)
        assert status == 200, log.text()
        yield server, _started_processes(server), port
    finally:
        if server.poll() is None:
            server.kill()
        server.wait(timeout=60)
        # The check is in the test; whatever it found is not left for the next one.
        session_kill(server.pid, within=0)


def _started_processes(server: subprocess.Popen[str]) -> set[int]:
    """granian's server, its worker and the task worker, once all three run."""
    deadline = time.monotonic() + STARTED_WITHIN_SECONDS
    while time.monotonic() < deadline:
        found = descendants(server.pid)
        lines = [command_line(pid) for pid in found]
        granians = sum(" granian " in line for line in lines)
        if granians >= 2 and any("db_worker" in line for line in lines):
            return found
        time.sleep(0.2)
    pytest.fail(f"porch serve did not start its processes: {lines}")


def nothing_listens(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.connect(("127.0.0.1", port))
        except ConnectionRefusedError:
            return True
        return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_no_process_outlives_porch_serve(serving, signum):
    server, started, port = serving

    os.kill(server.pid, signum)
    server.wait(timeout=GONE_WITHIN_SECONDS)

    left = still_running(started, within=GONE_WITHIN_SECONDS)
    assert {pid: command_line(pid) for pid in left} == {}
    assert nothing_listens(port)
    if signum != signal.SIGKILL:
        assert server.returncode == 0
