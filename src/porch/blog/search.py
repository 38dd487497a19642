"""Full-text search over visible posts, by the database's own engine.

SQLite: the FTS5 table ``blog_post_search`` (porter stemming, bm25 ranking), kept in
step by triggers. PostgreSQL: the generated ``blog_post.search_document`` tsvector
with a GIN index, plus the author's name, ranked by ``ts_rank``. Both are created by
migration ``blog.0002_post_search`` and are not part of the model state.
"""

from __future__ import annotations

import re
from typing import Any, cast

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connections
from django.db.models import F
from django.db.models.expressions import Col, Expression

from porch.blog.models import Post, PostQuerySet
from porch.people.models import Person

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
    # bm25 only works in the query that holds the MATCH, so the FTS table joins the
    # posts in one statement (hence extra(), which can add a table Django does not
    # model). A correlated subquery per post re-reads every match and took seconds
    # at a few thousand posts. The unary + keeps SQLite from driving the join from
    # blog_post with one FTS lookup per post (it did so for COUNT): the MATCH runs
    # once, then each hit finds its post by primary key. Only constants are
    # formatted into the SQL; the reader's text is always a parameter.
    ranked = visible.extra(  # noqa: S610
        select={"search_rank": f"bm25(blog_post_search, {weights})"},
        tables=["blog_post_search"],
        where=[
            f'"{table}"."id" = +blog_post_search.rowid',
            "blog_post_search MATCH %s",
        ],
        params=[match],
    )
    # bm25 scores are negative: the lower, the better the match.
    return cast(PostQuerySet, ranked.order_by("search_rank", "-publish_at", "-pk"))


class SearchDocument(Expression):
    """PostgreSQL's ``blog_post.search_document``, a column the model does not know.

    Migration ``blog.0002`` makes it. Resolved to a ``Col`` on the query's own alias
    of ``blog_post``, so it stays right inside subqueries, where Django renames
    tables (a hard-coded ``"blog_post"`` there would point at the outer query).
    """

    output_field = SearchVectorField()

    def resolve_expression(  # type: ignore[override]
        self,
        query: Any = None,
        allow_joins: bool = True,
        reuse: Any = None,
        summarize: bool = False,
        for_save: bool = False,
    ) -> Col:
        column = SearchVectorField()
        column.set_attributes_from_name("search_document")
        column.model = Post
        return Col(query.get_initial_alias(), column, output_field=column)


def _postgres_matching(visible: PostQuerySet, query: str) -> PostQuerySet:
    search = SearchQuery(query, search_type="websearch", config=POSTGRES_CONFIG)
    document = SearchDocument()
    name = SearchVector("display_name", config=POSTGRES_CONFIG, weight="B")
    authors = Person.objects.alias(search_name=name).filter(search_name=search)
    # Two arms joined by UNION, not one OR across the join: an OR with the author's
    # table makes PostgreSQL scan every post, while each arm alone uses an index
    # (the GIN index on search_document, the author foreign key).
    by_text = Post.objects.alias(search_document=document).filter(
        search_document=search
    )
    by_author = Post.objects.filter(author__in=authors)
    matching = by_text.order_by().values("pk").union(by_author.order_by().values("pk"))
    author = SearchVector("author__display_name", config=POSTGRES_CONFIG, weight="B")
    return (
        visible.filter(pk__in=matching)
        .alias(search_document=document, search_author=author)
        .annotate(
            search_rank=SearchRank(F("search_document"), search)
            + SearchRank(F("search_author"), search)
        )
        .order_by("-search_rank", "-publish_at", "-pk")
    )
