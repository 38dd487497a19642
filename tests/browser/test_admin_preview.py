"""The admin's live Markdown preview, in a real browser: it needs JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import PersonFactory, UserFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_preview_follows_the_writer_as_they_type(live_server, page, screenshot):
    user = user_role_set(user=UserFactory(username="edda"), role=roles.EDITOR)
    editor = PersonFactory(user=user, display_name="Edda", slug="edda")
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", editor.user.username)
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}{reverse('admin:blog_post_add')}")

    page.fill("#id_body", "Lead from **behind**.\n\n<script>window.hacked = 1</script>")
    region = page.get_by_role("region", name="Preview: Body (Markdown)")
    preview = region.locator(".porch-preview-body")
    preview.locator("strong").wait_for()
    assert preview.inner_html() == "<p>Lead from <strong>behind</strong>.</p>\n"
    assert page.evaluate("window.hacked === undefined")
    page.fill("#id_body", "Now in *italics*.")
    preview.locator("em").wait_for()
    assert preview.inner_text() == "Now in italics."
    assert region.locator("[aria-live]").text_content() == "Preview"
    screenshot("admin-post-markdown-preview")
