"""Several web workers without a shared cache multiply every rate limit: Porch says so.

``porch serve`` warns when its own workers, or those of other ``porch serve``
processes on the same data dir, count limits apart; ``porch check`` warns about the
servers it finds running.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from porch.core.management.serving import (
    limits_multiplied_warning,
    rate_limits_display,
    servers_running,
    serving_noted,
)
from tests.core.test_cli import (
    PORCH,
    ServerLog,
    first_answer,
    free_port,
    porch,
    porch_env,
)

REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}


def serve(data_dir: Path, workers: int) -> tuple[subprocess.Popen[str], ServerLog]:
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (our own command)
        [PORCH, "serve", "--port", str(port), "--workers", str(workers), "--no-worker"],
        env=porch_env(data_dir, PORCH_SENTENCE_MODEL="off"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert server.stderr is not None
    log = ServerLog(server.stderr)
    first_answer(f"http://127.0.0.1:{port}/", server, log)
    return server, log


def test_serve_and_check_warn_about_every_worker_on_the_data_dir(tmp_path):
    servers = []
    try:
        servers.append(serve(tmp_path, workers=2))  # porch serve's default
        checked = porch(tmp_path, "check", PORCH_SENTENCE_MODEL="off")
        servers.append(serve(tmp_path, workers=1))
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(timeout=60)
    after = porch(tmp_path, "check", PORCH_SENTENCE_MODEL="off")

    first, second = (log.text() for _, log in servers)
    assert "Warning: with 2 web workers and no PORCH_CACHE_URL" in first
    assert "every limit (comments, edits, sign-ins) is in effect 2 times higher" in (
        first
    )
    assert "Warning: with 3 web workers in 2 porch serve processes" in second
    assert checked.returncode == 0, checked.stderr
    assert (
        "Rate limits: counted by each web worker on its own (in-process cache); "
        "porch serve runs here with 2 web worker(s)\n"
    ) in checked.stdout
    assert "Warning: with 2 web workers and no PORCH_CACHE_URL" in checked.stderr
    # Stopped, the servers took their notes with them: nothing left to warn about.
    assert after.returncode == 0, after.stderr
    assert "Warning" not in after.stderr
    assert "serve with --workers 1, or set PORCH_CACHE_URL\n" in after.stdout
    assert list((tmp_path / "run").iterdir()) == []


def test_one_worker_or_a_shared_cache_is_no_cause_for_warning(settings):
    assert limits_multiplied_warning(workers=1) is None
    assert limits_multiplied_warning(workers=4) is not None
    settings.CACHES = REDIS
    assert limits_multiplied_warning(workers=4, processes=2) is None


def test_check_says_where_limits_are_counted(settings):
    assert rate_limits_display([]) == (
        "counted by each web worker on its own (in-process cache); "
        "serve with --workers 1, or set PORCH_CACHE_URL"
    )
    settings.CACHES = REDIS
    assert rate_limits_display([]) == "shared by every process, in the cache"


def test_a_note_left_by_a_killed_server_is_cleared(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    (tmp_path / "run").mkdir()
    note = tmp_path / "run" / f"serve-{gone.stdout.strip()}.json"
    note.write_text(f'{{"pid": {gone.stdout.strip()}, "workers": 4}}')

    assert servers_running() == []
    assert not note.exists()
    # A note naming a live process that is no porch serve (its id was reused) is
    # not counted either: this test process is one.
    with serving_noted(workers=4):
        assert servers_running() == []
