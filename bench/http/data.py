"""The HTTP bench's site, as a WordPress export we write ourselves.

The reference post is about 900 words with 32 threaded comments (8 threads, each a
comment and three replies); two more posts carry 1,000 and 10,000 comments shaped the
same way. Text comes from a fixed word list and a seeded generator, so every run
imports the same site.
"""

from __future__ import annotations

import random
from pathlib import Path
from xml.sax.saxutils import escape

REFERENCE_SLUG = "walking-beside-the-team"
# The post the posting bench writes to, so the measured pages keep their size.
SINK_SLUG = "comments-go-here"
LARGE = {1_000: "a-thousand-voices", 10_000: "ten-thousand-voices"}
WORDS = [
    "team",
    "walk",
    "beside",
    "lead",
    "trust",
    "quiet",
    "morning",
    "plan",
    "week",
    "listen",
    "question",
    "answer",
    "garden",
    "path",
    "small",
    "steps",
    "habit",
    "coach",
    "meeting",
    "notes",
    "honest",
    "feedback",
    "slow",
    "fast",
    "reader",
    "letter",
    "story",
    "change",
    "learn",
    "mistake",
    "kind",
    "clear",
    "simple",
    "daily",
    "routine",
    "focus",
    "rest",
    "return",
    "home",
    "window",
    "coffee",
    "light",
    "early",
    "late",
    "together",
    "alone",
    "shared",
]
HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
    'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
    "<title>Porch bench</title><link>http://bench.example</link>"
    "<wp:wxr_version>1.2</wp:wxr_version>"
    "<wp:base_blog_url>http://bench.example</wp:base_blog_url>\n"
    "<wp:author><wp:author_id>1</wp:author_id><wp:author_login>host"
    "</wp:author_login><wp:author_email>host@bench.example</wp:author_email>"
    "<wp:author_display_name>Host</wp:author_display_name></wp:author>\n"
)


def sentence(rng: random.Random, words: int) -> str:
    chosen = " ".join(rng.choice(WORDS) for _ in range(words))
    return chosen[0].upper() + chosen[1:] + "."


def post_body(rng: random.Random, words: int = 900) -> str:
    """Paragraphs of 12-word sentences, five to a paragraph, ``words`` in all."""
    sentences = [sentence(rng, 12) for _ in range(words // 12)]
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    return "\n\n".join(paragraphs)


def comments_xml(rng: random.Random, first_id: int, count: int) -> str:
    parts = []
    for n in range(count):
        comment_id = first_id + n
        parent = comment_id - 1 if n % 4 else 0  # a comment, then three replies
        body = escape(" ".join(sentence(rng, 10) for _ in range(3)))
        parts.append(
            f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
            f"<wp:comment_author>Reader {comment_id % 997}</wp:comment_author>"
            f"<wp:comment_author_email>reader{comment_id % 997}@example.com"
            "</wp:comment_author_email><wp:comment_author_IP>192.0.2.1"
            "</wp:comment_author_IP><wp:comment_date_gmt>2024-05-02 10:00:00"
            f"</wp:comment_date_gmt><wp:comment_content>{body}</wp:comment_content>"
            "<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment"
            f"</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>"
            "</wp:comment>"
        )
    return "".join(parts)


def item_xml(*, post_id: int, slug: str, title: str, body: str, comments: str) -> str:
    day = "2024-05-01 09:00:00"
    return (
        f"<item><title>{escape(title)}</title>"
        f"<link>http://bench.example/{slug}/</link>"
        "<dc:creator><![CDATA[host]]></dc:creator>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded>"
        "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>{day}</wp:post_date>"
        f"<wp:post_date_gmt>{day}</wp:post_date_gmt><wp:post_name>{slug}"
        "</wp:post_name><wp:status>publish</wp:status><wp:post_type>post"
        "</wp:post_type><wp:comment_status>open</wp:comment_status>"
        f"{comments}</item>\n"
    )


def bench_export_write(path: Path, *, large: bool = True) -> None:
    """Write the bench site's WXR to ``path`` (``large=False``: the reference only)."""
    rng = random.Random(11)
    items = [
        item_xml(
            post_id=1,
            slug=REFERENCE_SLUG,
            title="Walking beside the team",
            body=post_body(rng),
            comments=comments_xml(rng, 1, 32),
        )
    ]
    next_id = 33
    for post_id, (count, slug) in enumerate(LARGE.items() if large else (), start=2):
        comments = comments_xml(rng, next_id, count)
        next_id += count
        title = f"{count:,} comments"
        body = post_body(rng, 300)
        items.append(
            item_xml(
                post_id=post_id, slug=slug, title=title, body=body, comments=comments
            )
        )
    items.append(
        item_xml(
            post_id=len(items) + 1,
            slug=SINK_SLUG,
            title="Comments go here",
            body=post_body(rng, 100),
            comments="",
        )
    )
    path.write_text(HEADER + "".join(items) + "</channel>\n</rss>\n", encoding="utf-8")
