"""Saving pages: the address rules (reserved first segments, no loops) and rendering."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from porch.pages.addresses import reserved_first_segments
from porch.pages.models import Page
from porch.pages.services import page_save
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def new_page(slug: str, parent: Page | None = None, **fields) -> Page:
    return Page(title=slug.title(), slug=slug, parent=parent, body="Hello.", **fields)


@pytest.mark.parametrize(
    "slug",
    ["posts", "search", "admin", "desk", "feed", "comments", "series", "archive",
     "authors", "category", "tag", "author", "media", "2013", "Posts"],
)  # fmt: skip
def test_a_top_level_page_cannot_take_an_address_the_site_uses(slug):
    with pytest.raises(ValidationError) as refused:
        page_save(page=new_page(slug))
    assert list(refused.value.message_dict) == ["slug"]
    assert f"“/{slug}/” is already an address of the site" in str(refused.value)
    assert not Page.objects.exists()


def test_reserved_segments_are_read_from_the_urlconf():
    reserved = reserved_first_segments()
    assert {"posts", "preview", "authors", "categories", "tags", "archive"} <= reserved
    assert {"search", "feed", "admin", "desk", "comments"} <= reserved
    assert "about" not in reserved


def test_a_subpage_may_use_a_reserved_word_under_its_parent():
    about = page_save(page=new_page("about"))
    feed = page_save(page=new_page("feed", parent=about))
    assert feed.get_absolute_url() == "/about/feed/"


def test_a_page_cannot_move_under_itself_or_its_own_subpage():
    about = PageFactory(slug="about")
    team = PageFactory(slug="team", parent=about)
    alice = PageFactory(slug="alice", parent=team)

    about.parent = alice
    with pytest.raises(ValidationError) as refused:
        page_save(page=about)
    assert refused.value.message_dict == {
        "parent": ["A page cannot sit under itself or one of its own subpages."]
    }
    about.parent = about
    with pytest.raises(ValidationError):
        page_save(page=about)
    assert Page.objects.get(pk=about.pk).parent_id is None


def test_slugs_are_unique_among_siblings_only():
    about = PageFactory(slug="about")
    contact = PageFactory(slug="contact")
    page_save(page=new_page("team", parent=about))
    page_save(page=new_page("team", parent=contact))
    with pytest.raises(ValidationError) as refused:
        page_save(page=new_page("team", parent=about))
    assert "Another page under this parent already has this slug." in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        page_save(page=new_page("about"))
    assert "Another top-level page already has this slug." in str(refused.value)
    assert Page.objects.filter(slug="team").count() == 2


def test_the_body_is_rendered_and_sanitized_like_a_posts():
    page = new_page("about")
    page.body = "We *write*.\n\n<script>alert(1)</script>\n\n[Mail](mailto:me@x.org)"
    page_save(page=page)
    stored = Page.objects.get(slug="about")
    assert "<em>write</em>" in stored.body_html
    assert "<script" not in stored.body_html
    assert stored.excerpt.startswith("We write.")
