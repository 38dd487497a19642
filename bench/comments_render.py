"""Render time of a post page with 32, 1,000 and 10,000 comments.

Run from the repository root:

    .venv/bin/python bench/comments_render.py            # SQLite (a file in a temp dir)
    PORCH_BENCH_DATABASE_URL=postgres://user@host:5432/porch \\
        .venv/bin/python bench/comments_render.py        # also PostgreSQL

On PostgreSQL it creates and drops a ``test_<name>`` database beside the one named,
like the test suite; your own data is never touched. Each discussion is a quarter
top-level comments, each with three replies (one nested two deep), so page 1 holds
50 threads (200 comments) at the default setting. It prints the median of several
full requests (Django test client, templates and all) and the SQL query count, twice:
"cold" touches a comment before each request (the first reader after a change: every
part rendered), "cached" is every later reader, whose comment list comes from the
cache (the in-process one unless ``PORCH_BENCH_CACHE_URL`` names a Redis). CPU time
is the process's own, so it also counts the SQLite engine but not a PostgreSQL
server; on a busy machine it is steadier than wall time.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))
os.environ["PORCH_TEST_DATABASE_URL"] = os.environ.get("PORCH_BENCH_DATABASE_URL", "")
CACHE_URL = os.environ.get("PORCH_BENCH_CACHE_URL", "")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from porch import config  # noqa: E402

if CACHE_URL:  # before anything opens the cache
    settings.CACHES["default"] = config.cache(CACHE_URL)
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = (32, 1000, 10000)
RUNS = 9


def build(size: int) -> tuple[str, int]:
    from porch.blog.models import Post
    from porch.blog.services import post_render
    from porch.comments.models import Comment, thread_path
    from porch.people.models import Person

    person = Person.objects.create(display_name="Bench Writer", slug=f"bench-{size}")
    post = Post(
        title=f"A post with {size} comments",
        slug=f"bench-{size}",
        author=person,
        body="Walking *beside* the team.",
        status=Post.Status.PUBLISHED,
        publish_at=timezone.now(),
    )
    post_render(post=post)
    post.save()

    def made(parents: list[Comment | None], count: int) -> list[Comment]:
        rows: list[Comment] = Comment.objects.bulk_create(
            Comment(
                post=post,
                parent=parents[n % len(parents)],
                author_name=f"Reader {n}",
                author_email=f"reader{n}@example.com",
                body=f"Comment {n}: I have seen this *work* in my own team.",
                body_html=f"<p>Comment {n}: I have seen this <em>work</em>.</p>",
                status=Comment.Status.APPROVED,
            )
            for n in range(count)
        )
        for row in rows:
            row.path = thread_path(parent=row.parent, pk=row.pk)
        Comment.objects.bulk_update(rows, ["path"], batch_size=2000)
        return rows

    threads = size // 4
    tops = made([None], threads)
    first = made(list(tops), threads)
    made(list(tops), threads)
    made(list(first), size - 3 * threads)
    return post.get_absolute_url(), post.pk


def touch(post_id: int) -> None:
    from porch.comments.models import Comment

    first = Comment.objects.filter(post_id=post_id).order_by("pk")[:1]
    Comment.objects.filter(pk__in=first).update(updated_at=timezone.now())


def measure(url: str, post_id: int, *, cold: bool) -> tuple[float, float, int]:
    # No setup_test_environment(): its template instrumentation copies the context
    # on every include and would triple the time measured.
    client = Client()
    client.get(url)  # warm the settings cache and the template loader
    timings, cpu = [], []
    for _ in range(RUNS):
        if cold:  # a comment changed: the cached list no longer matches
            touch(post_id)
        reset_queries()
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    medians = statistics.median(timings) * 1000, statistics.median(cpu) * 1000
    return *medians, len(connection.queries)


def main() -> None:
    settings.DEBUG = True  # so connection.queries counts the queries
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        folder = tempfile.mkdtemp(prefix="porch-bench-")
        database.setdefault("TEST", {})["NAME"] = f"{folder}/bench.sqlite3"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        vendor = connection.vendor
        for size in SIZES:
            url, post_id = build(size)
            for kind in ("cold", "cached"):
                wall, cpu, queries = measure(url, post_id, cold=kind == "cold")
                print(f"{vendor:10} {kind:6} {size:>6} comments  "
                      f"median {wall:6.1f} ms (CPU {cpu:6.1f} ms)  "
                      f"{queries} queries")  # fmt: skip
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
