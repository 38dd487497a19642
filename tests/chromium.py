"""Where Debian's Chromium is, and how the tests launch it (no Playwright download:
the network is closed)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    given = os.environ.get("PORCH_CHROMIUM")
    if given and Path(given).exists():
        return given
    return shutil.which("chromium") or shutil.which("chromium-browser")
