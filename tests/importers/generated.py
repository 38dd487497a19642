"""WordPress exports of any size, written as a stream: for memory and crash tests.

Used by the import tests and by ``bench/import_big_discussion.py``; nothing here
touches the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
    'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
    "<title>Generated</title><link>http://generated.example</link>"
    "<wp:wxr_version>1.2</wp:wxr_version>"
    "<wp:base_blog_url>http://generated.example</wp:base_blog_url>\n"
)
COMMENT_TEXT = (
    "I tried this too, comment {n}. The second week was the hard one.\n\n"
    "Thanks for writing it up."
)


def export_write(
    path: Path, *, comments: list[int], authors: int = 1, categories: int = 3
) -> None:
    """Write a WXR file with ``authors`` authors and one post per ``comments`` entry.

    Post ``p`` has ``comments[p]`` comments in threads of four (a comment and three
    replies, each to the one before); every post is by one of the authors in turn.
    """
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for number in range(1, authors + 1):
            out.write(
                f"<wp:author><wp:author_id>{number}</wp:author_id>"
                f"<wp:author_login>author{number}</wp:author_login>"
                f"<wp:author_email>author{number}@generated.example"
                "</wp:author_email><wp:author_display_name>Author "
                f"{number}</wp:author_display_name></wp:author>\n"
            )
        for number in range(categories):
            out.write(
                f"<wp:category><wp:term_id>{number + 1}</wp:term_id>"
                f"<wp:category_nicename>topic-{number}</wp:category_nicename>"
                f"<wp:cat_name>Topic {number}</wp:cat_name></wp:category>\n"
            )
        first = 1
        for post, count in enumerate(comments, 1):
            _item_write(out, post, first, count, author=1 + post % authors)
            first += count
        out.write("</channel>\n</rss>\n")


def _item_write(out: TextIO, post: int, first: int, count: int, author: int) -> None:
    day = f"20{10 + post % 10}-0{1 + post % 9}-1{post % 10} 10:00:00"
    out.write(
        f"<item><title>Generated post {post}</title>"
        f"<link>http://generated.example/post-{post}/</link>"
        f"<dc:creator><![CDATA[author{author}]]></dc:creator>"
        f"<content:encoded><![CDATA[The text of post {post}.]]></content:encoded>"
        f"<wp:post_id>{post}</wp:post_id><wp:post_date>{day}</wp:post_date>"
        f"<wp:post_date_gmt>{day}</wp:post_date_gmt>"
        f"<wp:post_name>post-{post}</wp:post_name><wp:status>publish</wp:status>"
        "<wp:post_type>post</wp:post_type>"
        f'<category domain="category" nicename="topic-{post % 3}">Topic '
        f"{post % 3}</category>\n"
    )
    for n in range(first, first + count):
        parent = n - 1 if (n - first) % 4 else 0
        out.write(
            f"<wp:comment><wp:comment_id>{n}</wp:comment_id>"
            f"<wp:comment_author>Reader {n % 997}</wp:comment_author>"
            f"<wp:comment_author_email>reader{n % 997}@example.com"
            "</wp:comment_author_email><wp:comment_author_IP>192.0.2.1"
            f"</wp:comment_author_IP><wp:comment_date_gmt>{day}</wp:comment_date_gmt>"
            f"<wp:comment_content><![CDATA[{COMMENT_TEXT.format(n=n)}]]>"
            "</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
            "<wp:comment_type>comment</wp:comment_type>"
            f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
        )
    out.write("</item>\n")
