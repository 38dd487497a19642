"""An old ``#comment-N`` link lands on its comment when the discussion is paged."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from porch.blog.models import Post
from porch.comments.models import Comment
from porch.core.models import SiteSettings
from tests.importers.conftest import run_import
from tests.importers.test_old_wordpress_addresses import old_site_export

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def paged_post(tmp_path) -> Post:
    run_import(old_site_export(tmp_path / "old.xml"))
    site = SiteSettings.current()
    site.comments_per_page = 5
    site.save()
    cache.clear()
    return Post.objects.get(slug="runner-beans")


def test_an_old_comment_link_opens_the_page_that_holds_it(
    live_server, page, paged_post
):
    later = Comment.objects.get(legacy_anchor="comment-108")
    refused: list[str] = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security" in m.text else None,
    )

    # The old site's address, as a reader's bookmark holds it.
    page.goto(f"{live_server.url}/2013/05/14/runner-beans/#comment-108")
    page.wait_for_url(f"**{paged_post.get_absolute_url()}?cpage=2#comment-{later.pk}")

    assert page.is_visible(f"#comment-{later.pk}")
    assert "Comment number 108." in page.inner_text(f"#comment-{later.pk}")
    assert refused == []  # the script is a static file: the policy lets it run


def test_a_comment_on_the_page_shown_is_left_alone(live_server, page, paged_post):
    first = Comment.objects.get(legacy_anchor="comment-101")
    address = f"{live_server.url}{paged_post.get_absolute_url()}#comment-101"
    page.goto(address)
    page.wait_for_load_state("load")
    assert page.url == address
    assert page.is_visible(f"#comment-{first.pk}")
