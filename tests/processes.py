"""Which processes are running, read from /proc: for tests that start servers.

A process that has exited but is not yet reaped (a zombie, state ``Z``) counts as
gone: it runs no code and holds no port.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

PROC = Path("/proc")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces.
    return stat[stat.rindex(")") + 2 :].split()


def is_running(pid: int) -> bool:
    fields = _stat_fields(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def all_pids() -> list[int]:
    return [int(entry.name) for entry in PROC.iterdir() if entry.name.isdigit()]


def descendants(pid: int) -> set[int]:
    """Every running process below ``pid``: children, their children, and so on."""
    children: dict[int, list[int]] = {}
    for other in all_pids():
        fields = _stat_fields(other)
        if fields is not None and fields[0] not in ("Z", "X"):
            children.setdefault(int(fields[1]), []).append(other)
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def session_members(session: int) -> set[int]:
    """Running processes of session ``session`` (``start_new_session`` makes one)."""
    members = set()
    for pid in all_pids():
        fields = _stat_fields(pid)
        if fields and fields[0] not in ("Z", "X") and int(fields[3]) == session:
            members.add(pid)
    return members


def still_running(pids: set[int], *, within: float) -> set[int]:
    """Those of ``pids`` still running after waiting up to ``within`` seconds."""
    deadline = time.monotonic() + within
    left = {pid for pid in pids if is_running(pid)}
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = {pid for pid in left if is_running(pid)}
    return left


def command_line(pid: int) -> str:
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return "?"
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def session_kill(session: int, *, within: float = 5.0) -> dict[int, str]:
    """SIGKILL what still runs in ``session`` after ``within`` seconds; returns it.

    The answer names each process by its command line, for an assertion message.
    """
    members = still_running(session_members(session), within=within)
    named = {pid: command_line(pid) for pid in members}
    processes_kill(members)
    return named


def processes_with_environment(entry: str, *, within: float) -> dict[int, str]:
    """Running processes (other than this one) whose environment holds ``entry``
    (``NAME=value``) after waiting up to ``within`` seconds; by command line."""
    wanted = entry.encode()
    found = set()
    for pid in all_pids():
        if pid == os.getpid():
            continue
        try:
            environment = (PROC / str(pid) / "environ").read_bytes().split(b"\0")
        except OSError:
            continue  # gone, or another user's process
        if wanted in environment:
            found.add(pid)
    return {pid: command_line(pid) for pid in still_running(found, within=within)}


def processes_kill(pids: set[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
