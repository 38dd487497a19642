"""Full-text search on the suite's database: SQLite FTS5 or PostgreSQL tsvector."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from porch.blog.models import Post
from porch.blog.search import fts5_query, posts_matching
from porch.core.models import SiteSettings
from tests.factories import PersonFactory, PostFactory

pytestmark = pytest.mark.django_db


def titles(query: str) -> list[str]:
    return [post.title for post in posts_matching(query=query)]


def test_every_word_must_match_and_stems_are_found():
    PostFactory(title="Leading from the back", body="Leaders who walked behind.")
    PostFactory(title="Gardening notes", body="Walking among the tomatoes.")

    assert sorted(titles("walks")) == ["Gardening notes", "Leading from the back"]
    assert titles("walking leaders") == ["Leading from the back"]
    assert titles("tomato") == ["Gardening notes"]
    assert titles("submarine") == []


def test_a_title_match_ranks_above_a_body_match():
    PostFactory(
        title="Notes from the week",
        body="Somewhere in the middle, a word about humility among many others.",
        publish_at=timezone.now() - timedelta(hours=1),
    )
    PostFactory(
        title="Humility",
        body="A short post.",
        publish_at=timezone.now() - timedelta(days=30),
    )

    assert titles("humility") == ["Humility", "Notes from the week"]


def test_the_author_name_is_searchable_and_follows_a_rename():
    author = PersonFactory(display_name="Dana Whitlock")
    PostFactory(title="On listening", author=author)
    PostFactory(title="On talking")

    assert titles("whitlock") == ["On listening"]

    author.display_name = "Dana Marsh"
    author.save(update_fields=["display_name"])

    assert titles("whitlock") == []
    assert titles("marsh") == ["On listening"]


def test_drafts_review_and_scheduled_posts_never_match():
    PostFactory(title="Published lighthouse")
    PostFactory(title="Draft lighthouse", status=Post.Status.DRAFT, publish_at=None)
    PostFactory(title="Review lighthouse", status=Post.Status.REVIEW)
    PostFactory(
        title="Scheduled lighthouse", publish_at=timezone.now() + timedelta(days=2)
    )

    assert titles("lighthouse") == ["Published lighthouse"]


def test_an_edited_post_is_found_by_its_new_words_only():
    post = PostFactory(
        title="Morning routine", excerpt="How I start.", body="Coffee first, always."
    )
    assert titles("coffee") == ["Morning routine"]

    post.body = "Tea first, always."
    post.save(update_fields=["body"])

    assert titles("coffee") == []
    assert titles("tea") == ["Morning routine"]


def test_a_deleted_post_leaves_no_trace_in_the_index():
    post = PostFactory(title="Ephemeral thoughts")
    post.delete()

    assert titles("ephemeral") == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM blog_post_search")
            assert cursor.fetchone() == (0,)


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_a_blank_query_matches_nothing(query):
    PostFactory(title="Anything at all")

    assert titles(query) == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unbalanced',
        "AND(",
        "OR",
        "NOT team",
        "team NEAR(",
        "title:team",
        "team*",
        "^team",
        "-team",
        "(team",
        "team)",
        "'; DROP TABLE blog_post; --",
        "%",
        "\\",
        ":",
        "{team}",
        "é ß 日本",
    ],
)
def test_hostile_input_is_read_as_plain_words(query):
    PostFactory(title="A team walks together")

    found = titles(query)  # must not raise a syntax error

    assert found in ([], ["A team walks together"])
    assert Post.objects.count() == 1


def test_operators_in_user_text_are_plain_words():
    PostFactory(title="Near the river", body="Fishing and waiting.")

    assert titles("NEAR river") == ["Near the river"]
    assert titles('"river') == ["Near the river"]
    assert titles("river AND(") == ["Near the river"]


def test_search_page_pages_through_results_best_first(client):
    SiteSettings.objects.update_or_create(pk=1, defaults={"posts_per_page": 2})
    now = timezone.now()
    # One author for all: the author's name is searched too, and random names of
    # different lengths would rank the three equal posts apart.
    author = PersonFactory(display_name="Ada Byrne")
    PostFactory(title="Porch swing", author=author, publish_at=now - timedelta(days=9))
    for day in range(1, 4):
        PostFactory(
            title=f"Evening notes {day}",
            body="We sat on the porch until dark.",
            author=author,
            publish_at=now - timedelta(days=day),
        )

    first = client.get(reverse("blog:search"), {"q": "porch"})
    second = client.get(reverse("blog:search"), {"q": "porch", "page": 2})

    assert first.status_code == second.status_code == 200
    assert first.context["page_obj"].paginator.count == 4
    assert [post.title for post in first.context["posts"]] == [
        "Porch swing",
        "Evening notes 1",
    ]
    assert [post.title for post in second.context["posts"]] == [
        "Evening notes 2",
        "Evening notes 3",
    ]


def test_fts5_query_quotes_each_word():
    assert fts5_query('say "hi" AND( now') == '"say" """hi""" "AND(" "now"'
    assert fts5_query(" -- ... ") == ""
