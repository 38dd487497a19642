"""Processes that die with their parent, so no web worker outlives ``porch serve``.

``porch serve`` stops its children on SIGTERM and SIGINT, but a SIGKILL (the OOM
killer, ``kill -9``, a container runtime out of patience) gives it no chance to, and
a web worker left behind keeps answering on the port with code that may be gone.
Linux's ``PR_SET_PDEATHSIG`` asks the kernel itself to signal a process when its
parent exits, however the parent ended:

- ``porch serve`` starts the web server and the task worker with
  ``parent_death_signal`` as their ``preexec_fn``: they get SIGTERM, and stop as
  they would on Ctrl-C;
- the web server leads a process group of its own, and each of its workers asks
  for SIGKILL when that leader exits (``web_worker_dies_with_server``, called by
  ``porch.wsgi`` when ``porch serve`` set ``DIE_WITH_SERVER_VARIABLE``): the leader
  stops its workers gracefully first, so only a worker it lost is killed.

Elsewhere than Linux these do nothing, and ``porch serve`` still stops its children
on SIGTERM and SIGINT.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1
DIE_WITH_SERVER_VARIABLE = "PORCH_DIE_WITH_SERVER"


def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    return prctl


def parent_death_signal(signum: int) -> Callable[[], None]:
    """A ``preexec_fn`` making the child receive ``signum`` when its parent exits.

    The C function is looked up here, in the parent: between ``fork`` and ``exec``
    the child may only make plain system calls (another thread may hold the
    loader's lock). The setting survives ``exec``.
    """
    prctl, parent = _prctl(), os.getpid()

    def request() -> None:
        if prctl is not None:
            _request(prctl, signum, parent)

    return request


def web_worker_dies_with_server() -> None:
    """In a web worker started under ``porch serve``: be killed with the web server.

    The web server leads its own process group (``porch serve`` starts it so), so
    a worker's parent is the group's leader; the leader itself, which may import
    the application too, is left alone.
    """
    prctl = _prctl()
    leader = os.getpgrp()
    if prctl is None or not os.environ.get(DIE_WITH_SERVER_VARIABLE):
        return
    if os.getpid() != leader:
        _request(prctl, signal.SIGKILL, leader)


def _request(prctl: Callable[..., int], signum: int, parent: int) -> None:
    if prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0) != 0:
        return  # refused: the parent's own stop on SIGTERM/SIGINT still applies
    if os.getppid() != parent:  # the parent died before the request took hold
        os.kill(os.getpid(), signum)
