"""One way to write a date on every page: the site's named formats, no others."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.formats import date_format

import porch
from porch.comments.avatars import avatar_for
from porch.comments.discussion import CommentRow
from tests.blog.pages import parse
from tests.factories import CommentFactory, PostFactory

TEMPLATES = Path(porch.__file__).parent
# |date:"..." or |date:'...' with what is inside the quotes.
DATE_FILTER = re.compile(r"""\|date:(["'])(.*?)\1""")
# ISO 8601 for machines (datetime attributes, meta tags), or a named format.
ALLOWED = re.compile(r"^(c|[A-Z_]+_FORMAT)$")


def test_no_template_spells_out_a_date_format_of_its_own():
    found = {
        f"{path.relative_to(TEMPLATES)}: {match.group(2)}"
        for path in TEMPLATES.rglob("templates/**/*")
        if path.suffix in {".html", ".txt"}
        for match in DATE_FILTER.finditer(path.read_text(encoding="utf-8"))
        if not ALLOWED.match(match.group(2))
    }
    assert found == set()
    assert any(TEMPLATES.rglob("templates/**/*.html"))  # the walk found templates


def test_the_pattern_would_catch_a_custom_format():
    text = """{{ a|date:"j F Y" }} {{ b|date:'c' }} {{ c|date:"DATETIME_FORMAT" }}"""
    assert [m.group(2) for m in DATE_FILTER.finditer(text)] == [
        "j F Y",
        "c",
        "DATETIME_FORMAT",
    ]
    assert [bool(ALLOWED.match(m.group(2))) for m in DATE_FILTER.finditer(text)] == [
        False,
        True,
        True,
    ]


def test_a_comments_time_reads_like_the_sites_datetime_format():
    written = datetime(2024, 5, 6, 21, 7, tzinfo=UTC)
    row = CommentRow(
        pk=1,
        author_name="Bea",
        author_url="",
        body_html="<p>Hi</p>",
        avatar=avatar_for(email="bea@example.com", name="Bea"),
        written_at=written,
        is_post_author=False,
        is_host=False,
        is_placeholder=False,
        is_awaiting_moderation=False,
        is_editable=False,
    )
    with translation.override("en"):
        assert row.written_at_text == date_format(written, "DATETIME_FORMAT")
        assert row.written_at_text == "May 6, 2024 at 9:07 p.m."


@pytest.mark.django_db
def test_the_card_the_post_and_its_comments_write_dates_alike(client, settings):
    settings.TIME_ZONE = "UTC"
    published = datetime(2024, 5, 6, 9, 30, tzinfo=UTC)
    post = PostFactory(publish_at=published)
    said = CommentFactory(post=post)

    card = parse(client.get("/")).cssselect(".post-card time")[0]
    page = parse(client.get(post.get_absolute_url()))
    byline = page.cssselect(".post-header time")[0]
    comment = page.cssselect(".comment__permalink time")[0]

    assert (card.text, card.get("datetime")) == ("May 6, 2024", published.isoformat())
    assert (byline.text, byline.get("datetime")) == (card.text, card.get("datetime"))
    assert comment.text == date_format(said.created_at, "DATETIME_FORMAT")
