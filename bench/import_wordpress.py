"""Import speed and peak memory of ``porch import wordpress``.

    .venv/bin/python bench/import_wordpress.py  # 10,000 posts, 200,000 comments
    .venv/bin/python bench/import_wordpress.py --posts 1000  # a quicker run
    .venv/bin/python bench/import_wordpress.py --real        # and the theme test data

A WXR file is generated in a temporary folder and imported into a fresh SQLite
database there (or into ``PORCH_DATABASE_URL`` when set: use an empty database).
``--real`` reads ``../shared/data/wordpress/themeunittestdata.wordpress.xml`` relative
to the repository root, when that file exists, and prints the import's report.
Peak memory is the process's maximum resident set size (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THEME_DATA = ROOT / "../shared/data/wordpress/themeunittestdata.wordpress.xml"
COMMENT_TEXT = (
    "I tried this too. The second week was the hard one.\n\nThanks for writing it up."
)
POST_TEXT = (
    "A paragraph about the garden, long enough to look like a real one.\n"
    "A second line in the same paragraph.\n\n"
) * 6 + (
    '[caption id="" width="300"]<img src="http://bench.example/a.jpg" alt="" /> '
    "A caption[/caption]"
)


def generate(path: Path, posts: int, comments_per_post: int) -> None:
    """Write a WXR 1.2 export: every post has threads three replies deep."""
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Bench</title><link>http://bench.example</link>"
            "<wp:wxr_version>1.2</wp:wxr_version>"
            "<wp:base_blog_url>http://bench.example</wp:base_blog_url>\n"
            "<wp:author><wp:author_id>1</wp:author_id><wp:author_login>host"
            "</wp:author_login><wp:author_email>host@bench.example</wp:author_email>"
            "<wp:author_display_name>Host</wp:author_display_name></wp:author>\n"
        )
        comment_id = 1
        for post in range(1, posts + 1):
            out.write(_item(post, comment_id, comments_per_post))
            comment_id += comments_per_post
        out.write("</channel>\n</rss>\n")


def _item(post: int, first_comment: int, count: int) -> str:
    day = f"20{10 + post % 10}-0{1 + post % 9}-1{post % 10} 10:00:00"
    comments = []
    for n in range(count):
        comment_id = first_comment + n
        parent = comment_id - 1 if n % 4 else 0  # threads: top, reply, reply, reply
        comments.append(
            f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
            f"<wp:comment_author>Reader {comment_id % 997}</wp:comment_author>"
            f"<wp:comment_author_email>reader{comment_id % 997}@example.com"
            "</wp:comment_author_email><wp:comment_author_IP>192.0.2.1"
            f"</wp:comment_author_IP><wp:comment_date_gmt>{day}</wp:comment_date_gmt>"
            f"<wp:comment_content><![CDATA[{COMMENT_TEXT}]]></wp:comment_content>"
            "<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment"
            f"</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>"
            "</wp:comment>"
        )
    return (
        f"<item><title>Bench post {post}</title>"
        f"<link>http://bench.example/bench-post-{post}/</link>"
        "<dc:creator><![CDATA[host]]></dc:creator>"
        f"<content:encoded><![CDATA[{POST_TEXT}]]></content:encoded>"
        "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        f"<wp:post_id>{post}</wp:post_id><wp:post_date>{day}</wp:post_date>"
        f"<wp:post_date_gmt>{day}</wp:post_date_gmt>"
        f"<wp:post_name>bench-post-{post}</wp:post_name><wp:status>publish</wp:status>"
        "<wp:post_type>post</wp:post_type>"
        f'<category domain="category" nicename="c{post % 20}">C{post % 20}</category>'
        f"{''.join(comments)}</item>\n"
    )


def setup_django(folder: Path) -> None:
    os.environ["PORCH_DATA_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "porch.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_import(path: Path) -> tuple[str, list[str]]:
    """Wall and CPU time (CPU shows the cost on a busy machine) and the report."""
    from porch.importers.wordpress.importer import wordpress_import

    started, cpu = time.perf_counter(), cpu_seconds()
    report = wordpress_import(path=path)
    wall, used = time.perf_counter() - started, cpu_seconds() - cpu
    return f"{wall:.1f} s wall, {used:.1f} s CPU", report.lines()


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments-per-post", type=int, default=20)
    parser.add_argument("--real", action="store_true", help="also the theme test data")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="porch-bench-"))
    export = folder / "generated.xml"
    generate(export, args.posts, args.comments_per_post)
    size_mib = export.stat().st_size / 2**20
    setup_django(folder)
    database = "PostgreSQL" if os.environ.get("PORCH_DATABASE_URL") else "SQLite"
    print(f"python {sys.version.split()[0]}, database {database}")
    comments = args.posts * args.comments_per_post
    print(f"generated: {args.posts} posts, {comments} comments, {size_mib:.0f} MiB")
    print(f"baseline peak RSS after setup: {peak_mib():.0f} MiB")
    seconds, lines = timed_import(export)
    print(f"first import: {seconds}, peak RSS {peak_mib():.0f} MiB")
    print("\n".join(lines[:12]))
    seconds, lines = timed_import(export)
    print(f"second import of the same file (nothing to do): {seconds}")
    if args.real and THEME_DATA.exists():
        seconds, lines = timed_import(THEME_DATA)
        print(f"\ntheme unit test data: {seconds}")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
