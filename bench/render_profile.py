"""Where an uncached post page's time goes: per-request cost, queries, profile.

Run from the repository root:

    .venv/bin/python bench/render_profile.py                 # both posts
    .venv/bin/python bench/render_profile.py --no-large      # the reference post only
    .venv/bin/python bench/render_profile.py --html-out DIR  # also save the pages
    .venv/bin/python bench/render_profile.py --html-check DIR  # compare with saved

The HTTP bench's site (``bench/http/data.py``: the reference post of about 900
words with 32 threaded comments, and one of 10,000 comments) is imported from its
WordPress export into a fresh SQLite database, and the post pages are requested
through the Django test client with ``PORCH_PAGE_CACHE=off``: every request runs
the middleware, the view, its selectors and templates, as a reader's uncached
request does. "warm" is every reader after the first (the comment list comes from
the ``discussion`` cache); "cold" is the first reader after a comment changed (one
comment is touched before each request, so the list is rendered too).

On a busy machine wall time varies a lot, so it prints the minimum of many runs
(and CPU time), the query count, then the top of a cProfile of the warm requests.
``--html-out`` writes each page with its CSRF token and signed form time replaced
by a fixed word, so two trees can be compared byte for byte with ``--html-check``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench" / "http"))
os.environ["PORCH_TEST_DATABASE_URL"] = ""
os.environ["PORCH_PAGE_CACHE"] = "off"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Avatars' colours are a keyed hash: a fixed key keeps pages comparable across runs.
settings.SECRET_KEY = "render-profile-" + "x" * 50

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from data import LARGE, REFERENCE_SLUG, bench_export_write  # noqa: E402

# What differs on every request by design: the CSRF token and the form's signed time.
TOKEN = re.compile(rb'(name="(?:csrfmiddlewaretoken|started)" value=")[^"]*(")')


def site_import(folder: Path, *, large: bool) -> None:
    from porch.importers.wordpress.importer import wordpress_import

    export = folder / "bench.xml"
    bench_export_write(export, large=large)
    wordpress_import(path=export)


def post_pages(*, large: bool) -> dict[str, str]:
    """Name -> address of each page measured."""
    from porch.blog.models import Post

    slugs = {"32 comments": REFERENCE_SLUG}
    if large:
        slugs["10,000 comments"] = LARGE[10_000]
    return {
        name: Post.objects.get(slug=slug).get_absolute_url()
        for name, slug in slugs.items()
    }


def touch(url: str) -> None:
    """Change one comment of the post at ``url`` as the services do (a save): its
    cached list, and every fragment of the page, are stale."""
    from porch.comments.models import Comment

    first = Comment.objects.filter(post__slug=url.strip("/").split("/")[-1])
    comment = first.order_by("pk")[0]
    comment.save(update_fields=["updated_at"])


def get(client: Client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return bytes(response.content)


def timed(client: Client, url: str, *, runs: int, cold: bool) -> tuple[float, float]:
    """Minimum wall and CPU milliseconds of ``runs`` requests."""
    walls, cpus = [], []
    for _ in range(runs):
        if cold:
            touch(url)
        started, cpu = time.perf_counter(), time.process_time()
        get(client, url)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return min(walls) * 1000, min(cpus) * 1000


def queries(client: Client, url: str, *, cold: bool) -> int:
    if cold:
        touch(url)
    with CaptureQueriesContext(connection) as captured:
        get(client, url)
    return len(captured.captured_queries)


def profile(client: Client, url: str, *, runs: int, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        get(client, url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def html_pages(client: Client, pages: dict[str, str]) -> dict[str, bytes]:
    """Each page and its variants (a reply, page 2), CSRF tokens made one word."""
    found = {}
    for name, url in pages.items():
        for suffix, query in (("", ""), ("-page2", "?cpage=2"), ("-reply", "?x")):
            if query == "?x":
                from porch.comments.models import Comment

                post_slug = url.strip("/").split("/")[-1]
                pk = Comment.objects.filter(post__slug=post_slug).order_by("pk")[0].pk
                query = f"?replytocom={pk}"
            key = re.sub(r"\W+", "-", name) + suffix
            found[key] = TOKEN.sub(rb"\1TOKEN\2", get(client, url + query))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-large", action="store_true")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--profile-runs", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--html-out", type=Path)
    parser.add_argument("--html-check", type=Path)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="porch-render-"))
    database = connection.settings_dict
    database.setdefault("TEST", {})["NAME"] = str(folder / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        site_import(folder, large=not args.no_large)
        pages = post_pages(large=not args.no_large)
        client = Client()
        for url in pages.values():
            get(client, url)  # settings cache, template loader, discussion cache
        for name, url in pages.items():
            for kind in ("warm", "cold"):
                wall, cpu = timed(client, url, runs=args.runs, cold=kind == "cold")
                count = queries(client, url, cold=kind == "cold")
                print(f"{name:16} {kind}: min {wall:6.2f} ms wall, "
                      f"{cpu:6.2f} ms CPU, {count} queries")  # fmt: skip
        for name, url in pages.items():
            print(f"\n== profile, {name}, warm, {args.profile_runs} requests")
            print(profile(client, url, runs=args.profile_runs, top=args.top))
        html = html_pages(client, pages) if args.html_out or args.html_check else {}
        if args.html_out:
            args.html_out.mkdir(parents=True, exist_ok=True)
            for key, body in html.items():
                (args.html_out / f"{key}.html").write_bytes(body)
        if args.html_check:
            differ = [
                key
                for key, body in html.items()
                if (args.html_check / f"{key}.html").read_bytes() != body
            ]
            print("HTML differs: " + ", ".join(differ) if differ else "HTML identical")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
