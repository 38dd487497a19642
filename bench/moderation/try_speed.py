"""``porch moderation try`` end to end on one core: comments per second.

    .venv/bin/python bench/moderation/try_speed.py [--comments 1000] [--sentence off]

Builds the demo site in a temporary data dir (``porch demo --no-serve``), then pipes
SemEval-2015 test answers (``../shared/datasets``) as JSON lines into ``porch
moderation try --post SLUG`` under ``taskset -c 0`` (one core), with the sentence
model on unless ``--sentence off``. The command is run twice, with 10 comments and
with ``--comments``: the difference is the cost of the extra comments alone (process
start, Django set-up and the model's load are paid in both), which gives the
throughput; the full wall time is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from training import datasets  # noqa: E402

PORCH = [sys.executable, "-m", "porch"]
PIN = ["taskset", "-c", "0"] if shutil.which("taskset") else []


def demo_post_slug(env: dict[str, str]) -> str:
    code = (
        "from porch.blog.models import Post;"
        "print(Post.objects.filter(comments__isnull=False).first().slug)"
    )
    out = subprocess.run(  # noqa: S603 - our own command line
        [*PORCH, "shell", "-c", code], env=env, check=True, capture_output=True
    )
    return out.stdout.decode().strip().splitlines()[-1]


def timed_try(env: dict[str, str], slug: str, lines: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own command line
        [*PIN, *PORCH, "moderation", "try", "--post", slug],
        input="\n".join(lines).encode(),
        env=env,
        capture_output=True,
        check=True,
    )
    elapsed = time.perf_counter() - started
    answered = done.stdout.decode().strip().splitlines()
    if len(answered) != len(lines):
        raise SystemExit(f"{len(answered)} answers for {len(lines)} comments")
    failed = sum('"check_failed"' in line for line in answered)
    if failed:
        print(f"warning: {failed} comments held as automatic check failed")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=1000)
    parser.add_argument("--sentence", choices=("on", "off"), default="on")
    parser.add_argument(
        "--datasets", type=Path, default=ROOT.parent / "shared" / "datasets"
    )
    args = parser.parse_args()
    answers = [c.body for c in datasets.semeval_cqa(args.datasets, "test")]
    lines = [
        json.dumps({"author": "Reader", "email": "", "website": "", "body": body})
        for body in (answers * 2)[: args.comments]
    ]
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "demo-data"
        env = {
            **os.environ,
            "PORCH_SENTENCE_MODEL": args.sentence,
            "OMP_NUM_THREADS": "1",
            "PORCH_DATABASE_URL": "",
        }
        subprocess.run(  # noqa: S603 - our own command line
            [*PORCH, "demo", "--no-serve", "--data-dir", str(data_dir)],
            env=env,
            check=True,
            capture_output=True,
        )
        env["PORCH_DATA_DIR"] = str(data_dir)
        slug = demo_post_slug(env)
        short = min(timed_try(env, slug, lines[:10]) for _ in range(2))
        full = timed_try(env, slug, lines)
    rate = (len(lines) - 10) / max(full - short, 1e-9)
    print(
        f"- porch moderation try, sentence model {args.sentence}, one core: "
        f"{len(lines)} comments in {full:.1f} s wall ({len(lines) / full:.0f}/s "
        f"including {short:.1f} s of start-up); {rate:.0f} comments/s past start-up;"
        f" load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
