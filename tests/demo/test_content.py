"""The demo site's content, written through the services into the test database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from porch.blog.models import Post, Series
from porch.core.models import SiteSettings
from porch.core.sanitize import render_post_markdown
from porch.demo.services import demo_site_create
from porch.people.models import Book, Person

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 12, 15, 30, tzinfo=UTC)  # a Thursday
PASSWORD = "demo-pass-7731"


@pytest.fixture
def site():
    return demo_site_create(password=PASSWORD, now=NOW)


def test_demo_site_summary(site):
    assert (site.site_name, site.posts, site.people, site.series) == (
        "Bench Notes",
        8,
        3,
        1,
    )
    assert (site.comments, site.held_comments) == (55, 6)
    assert SiteSettings.current().site_name == "Bench Notes"


def test_host_signs_in_and_writes_as_maren(site):
    user = authenticate(username="host", password=PASSWORD)
    assert user is not None
    assert (user.is_superuser, user.person.display_name) == (True, "Maren Holt")


def test_posts_are_published_scheduled_and_draft(site):
    visible = Post.objects.visible(now=NOW)
    assert [post.slug for post in visible] == [
        "what-a-shared-toolshed-taught-our-street",
        "repair-cafes-and-second-lives",
        "the-kitchen-table-committee",
        "meetings-that-end-early",
        "teaching-the-second-best-way",
        "the-bench-is-never-finished",
    ]
    scheduled = Post.objects.get(slug="sharpening-as-a-team-sport")
    assert scheduled.publish_at == datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
    draft = Post.objects.get(slug="notes-toward-a-workshop-charter")
    assert (draft.status, draft.publish_at) == (Post.Status.DRAFT, None)


def test_guest_posts_appear_on_mondays_in_the_series_with_intros(site):
    series = Series.objects.get()
    guest_posts = Post.objects.filter(series=series).order_by("publish_at")
    assert [(post.author.slug, post.publish_at) for post in guest_posts] == [
        ("tobias-reyes", datetime(2026, 2, 16, 9, 0, tzinfo=UTC)),
        ("ife-adeyemi", datetime(2026, 3, 2, 9, 0, tzinfo=UTC)),
        ("tobias-reyes", datetime(2026, 3, 16, 9, 0, tzinfo=UTC)),
    ]
    assert all(post.is_guest_post for post in guest_posts)
    assert series.name == "Guest post Monday"


def test_every_post_has_categories_tags_questions_and_rendered_html(site):
    for post in Post.objects.prefetch_related("categories", "tags"):
        assert post.categories.count() >= 1, post.slug
        assert post.tags.count() >= 1, post.slug
        assert len(post.question_list) >= 1, post.slug
        assert post.body_html == render_post_markdown(post.body)
        assert post.intro_html == (
            render_post_markdown(post.intro) if post.intro else ""
        )
        assert post.excerpt


def test_guest_authors_have_bios_sites_and_books(site):
    guests = Person.objects.filter(user__isnull=True)
    assert [(p.display_name, p.site_name) for p in guests] == [
        ("Ife Adeyemi", "Common Table"),
        ("Tobias Reyes", "Small Shop Letters"),
    ]
    assert all(p.bio_html == render_post_markdown(p.bio) for p in guests)
    assert list(Book.objects.values_list("person__slug", "title")) == [
        ("ife-adeyemi", "Kitchen Table Committees"),
        ("ife-adeyemi", "Small Rooms, Big Plans"),
        ("tobias-reyes", "The Apprentice Year"),
    ]


def test_demo_command_outside_porch_demo_wipes_nothing(site):
    with pytest.raises(CommandError, match="run the demo as `porch demo`"):
        call_command("demo", "--no-serve")
    assert Post.objects.count() == 8
