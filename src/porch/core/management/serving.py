"""Which ``porch serve`` processes run on this data dir; do their rate limits add up?

Rate limits (comments, edits, sign-ins) are counted in the cache. In-process, each
web worker counts on its own, so with four workers every limit is in effect four
times higher, and nothing says so. Each ``porch serve`` therefore leaves a note in
the data dir while it runs (``run/serve-<pid>.json``: its workers), so that
``porch serve`` and ``porch check`` can warn about every worker on the machine, not
only their own.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

RUN_DIR = "run"


@dataclass(frozen=True)
class Serving:
    """One running ``porch serve``: its process id and its web workers."""

    pid: int
    workers: int


def _run_dir() -> Path:
    return Path(settings.DATA_DIR) / RUN_DIR


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process is there
    except ProcessLookupError:
        return False
    except PermissionError:  # there, under another user
        pass
    # A note outlived by its process may name a process id since given to another.
    command = Path(f"/proc/{pid}/cmdline")
    with contextlib.suppress(OSError):
        return b"serve" in command.read_bytes().split(b"\0")
    return True


def servers_running() -> list[Serving]:
    """The ``porch serve`` processes running on this data dir.

    A note left by a process that died without cleaning up (``kill -9``) is removed.
    """
    found = []
    for note in sorted(_run_dir().glob("serve-*.json")):
        try:
            serving = Serving(**json.loads(note.read_text()))
        except (OSError, ValueError, TypeError):
            continue  # half written, or removed meanwhile
        if _alive(serving.pid):
            found.append(serving)
        else:
            note.unlink(missing_ok=True)
    return found


@contextlib.contextmanager
def serving_noted(*, workers: int) -> Iterator[None]:
    """Leave this process's note in the data dir while the block runs."""
    folder = _run_dir()
    folder.mkdir(parents=True, exist_ok=True)
    note = folder / f"serve-{os.getpid()}.json"
    note.write_text(json.dumps({"pid": os.getpid(), "workers": workers}))
    try:
        yield
    finally:
        note.unlink(missing_ok=True)


def cache_is_shared() -> bool:
    """Whether every process reads one cache (Redis) rather than its own memory."""
    return not str(settings.CACHES["default"]["BACKEND"]).endswith("LocMemCache")


def limits_multiplied_warning(*, workers: int, processes: int = 1) -> str | None:
    """The warning for ``workers`` web workers in ``processes`` ``porch serve``
    processes counting rate limits apart, or None when they share one count."""
    if workers <= 1 or cache_is_shared():
        return None
    where = (
        f"{workers} web workers"
        if processes <= 1
        else f"{workers} web workers in {processes} porch serve processes"
    )
    return (
        f"Warning: with {where} and no PORCH_CACHE_URL, each worker counts rate "
        f"limits on its own, so every limit (comments, edits, sign-ins) is in effect "
        f"{workers} times higher. Set PORCH_CACHE_URL=redis://host:6379/0 to share "
        "them, or serve with --workers 1."
    )


def rate_limits_display(running: list[Serving]) -> str:
    """Where rate limits are counted, and what runs here, for ``porch check``."""
    if cache_is_shared():
        return "shared by every process, in the cache"
    workers = sum(serving.workers for serving in running)
    here = (
        f"; porch serve runs here with {workers} web worker(s)"
        if running
        else "; serve with --workers 1, or set PORCH_CACHE_URL"
    )
    return f"counted by each web worker on its own (in-process cache){here}"
