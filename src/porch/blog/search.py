"""Full-text search over visible posts, by the database's own engine.

SQLite: the FTS5 table ``blog_post_search`` (porter stemming, bm25 ranking), kept in
step by triggers. PostgreSQL: the generated ``blog_post.search_document`` tsvector
with a GIN index, plus the author's name, ranked by ``ts_rank``. Both are created by
migration ``blog.0002_post_search`` and are not part of the model state.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connections
from django.db.models import F, FloatField, Q
from django.db.models.expressions import RawSQL

from porch.blog.models import Post, PostQuerySet

# bm25 weights per FTS5 column, in table order: title, excerpt, body, author.
SQLITE_WEIGHTS = (10.0, 3.0, 1.0, 5.0)
POSTGRES_CONFIG = "english"
WORD = re.compile(r"\w", re.UNICODE)


def posts_matching(*, query: str) -> PostQuerySet:
    """Visible posts matching every word of ``query``, best match first.

    An empty or blank query matches nothing. Any text is safe to pass: it is never
    read as search syntax (quotes, ``AND(``, ``NEAR`` are plain words here).
    """
    visible = Post.objects.visible()
    if not query.strip():
        return visible.none()
    if connections[visible.db].vendor == "postgresql":
        return _postgres_matching(visible, query)
    return _sqlite_matching(visible, query)


def fts5_query(text: str) -> str:
    """``text`` as an FTS5 query: each word a quoted string, all of them required.

    Quoting makes FTS5 read operators and punctuation as plain words; words with no
    letter or digit are dropped, since the tokenizer would drop them anyway.
    """
    words = [word for word in text.split() if WORD.search(word)]
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def _sqlite_matching(visible: PostQuerySet, query: str) -> PostQuerySet:
    match = fts5_query(query)
    if not match:
        return visible.none()
    table = Post._meta.db_table
    weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
    # bm25 is only defined inside a MATCH query, hence the correlated subquery; FTS5
    # answers ``rowid = ...`` with MATCH by a direct lookup. Only constants are
    # formatted into the SQL: the user's text is always a parameter.
    rank = RawSQL(  # noqa: S611
        f"SELECT bm25(blog_post_search, {weights}) FROM blog_post_search "  # noqa: S608
        f'WHERE blog_post_search MATCH %s AND blog_post_search.rowid = "{table}"."id"',
        (match,),
        output_field=FloatField(),
    )
    matching_ids = RawSQL(
        "SELECT rowid FROM blog_post_search WHERE blog_post_search MATCH %s", (match,)
    )
    # bm25 scores are negative: the lower, the better the match.
    return (
        visible.filter(pk__in=matching_ids)
        .annotate(search_rank=rank)
        .order_by("search_rank", "-publish_at", "-pk")
    )


def _postgres_matching(visible: PostQuerySet, query: str) -> PostQuerySet:
    search = SearchQuery(query, search_type="websearch", config=POSTGRES_CONFIG)
    table = Post._meta.db_table
    # The column is made by migration blog.0002 and is unknown to the model.
    document = RawSQL(  # noqa: S611
        f'"{table}"."search_document"', [], output_field=SearchVectorField()
    )
    author = SearchVector("author__display_name", config=POSTGRES_CONFIG, weight="B")
    return (
        visible.alias(search_document=document, search_author=author)
        .filter(Q(search_document=search) | Q(search_author=search))
        .annotate(
            search_rank=SearchRank(F("search_document"), search)
            + SearchRank(F("search_author"), search)
        )
        .order_by("-search_rank", "-publish_at", "-pk")
    )
