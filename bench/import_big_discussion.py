"""Peak memory of ``porch import wordpress`` for one post with a huge discussion.

    .venv/bin/python bench/import_big_discussion.py                 # 200,000 comments
    .venv/bin/python bench/import_big_discussion.py --comments 20000
    .venv/bin/python bench/import_big_discussion.py --src OTHER/src  # another tree

A WXR file with one post and ``--comments`` comments (threads of four) is generated
in a temporary folder, and ``porch import wordpress`` runs on it as a host runs it: a
separate process with its own data dir and SQLite database (migrated first, by
another process). Its peak resident set size comes from the kernel when it exits
(``wait4``), so neither the generator nor this script counts. ``--src`` runs the
``porch`` package found there instead, to measure an older version the same way.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.importers.generated import export_write  # noqa: E402


def porch_run(args: list[str], *, folder: Path, src: Path) -> tuple[int, float, float]:
    """Run ``porch ARGS``; return its exit status, wall seconds and peak RSS in MiB."""
    env = {**os.environ, "PORCH_DATA_DIR": str(folder), "PYTHONPATH": str(src)}
    env.pop("PORCH_DATABASE_URL", None)
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "porch", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    errors = process.stderr.read() if process.stderr else b""
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.stderr.write(errors.decode(errors="replace")[-2000:])
    return process.returncode, time.perf_counter() - started, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="porch-bench-"))
    try:
        export = folder / "big-discussion.xml"
        export_write(export, comments=[args.comments])
        size = export.stat().st_size / 2**20
        print(f"python {sys.version.split()[0]}, SQLite, porch from {args.src}")
        print(f"generated: 1 post, {args.comments} comments, {size:.0f} MiB")
        _status, seconds, peak = porch_run(["migrate"], folder=folder, src=args.src)
        print(f"porch migrate: {seconds:.1f} s, peak RSS {peak:.0f} MiB")
        status, seconds, peak = porch_run(
            ["import", "wordpress", str(export)], folder=folder, src=args.src
        )
        print(
            f"porch import wordpress: exit {status}, {seconds:.1f} s, "
            f"peak RSS {peak:.0f} MiB"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
