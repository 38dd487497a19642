"""A reader finds a guest post from the home page and meets its author (Chromium)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from porch.blog.models import Category, Tag
from tests.factories import BookFactory, GuestPostFactory, PersonFactory, PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = """\
Most of us picture the person in charge at the front of the line, pointing the way.
After a decade of running small teams, I think the better seat is often at the back.

## You see the whole road from behind

From the front you see the path; from the back you see the people on it: who is
tiring, who has found a faster route, who is ready to take a turn leading.

## Stepping back is not stepping away

Letting someone else set the pace is a decision, and it takes more nerve than
giving orders. The team notices, and it trusts you more for it.
"""


def portrait() -> ContentFile[bytes]:
    # A drawn placeholder portrait: the test needs a photo, not anyone's face.
    image = Image.new("RGB", (192, 192), "#2d6b62")
    ImageDraw.Draw(image).ellipse((56, 36, 136, 116), fill="#f4eee4")
    ImageDraw.Draw(image).ellipse((28, 120, 164, 240), fill="#f4eee4")
    data = io.BytesIO()
    image.save(data, format="PNG")
    return ContentFile(data.getvalue(), name="dana.png")


def guest_post_on_a_busy_blog() -> None:
    author = PersonFactory(
        display_name="Dana Ellison",
        slug="dana-ellison",
        site_name="Slow Mornings",
        site_url="https://slow-mornings.example",
        bio="Dana coaches small teams and writes about quiet leadership.",
    )
    author.photo.save("dana.png", portrait())
    BookFactory(person=author, title="A Bridge Called Patience")
    post = GuestPostFactory(
        author=author,
        title="The view from the back of the line",
        slug="view-from-the-back",
        intro=(
            "Monday brings a guest. **Dana Ellison** writes at Slow Mornings and "
            "is the author of *A Bridge Called Patience*."
        ),
        body=BODY,
        questions=(
            "When did you last let someone else set the pace?\n"
            "Who on your team is ready to lead a project?"
        ),
        publish_at=timezone.now() - timedelta(hours=2),
    )
    post.categories.add(Category.objects.create(name="Leadership", slug="leadership"))
    post.tags.add(Tag.objects.create(name="teams", slug="teams"))
    PostFactory(
        title="Why I keep a porch light on",
        publish_at=post.publish_at - timedelta(days=3),
    )


def test_reader_clicks_through_to_a_guest_post_and_meets_the_author(
    live_server, page, screenshot
):
    guest_post_on_a_busy_blog()

    page.goto(live_server.url)
    page.get_by_role("link", name="The view from the back of the line").click()

    bio = page.locator(".author-bio")
    bio.wait_for()
    assert page.url == f"{live_server.url}/posts/view-from-the-back/"
    assert bio.get_by_role("link", name="Dana Ellison").is_visible()
    assert bio.get_by_text("A Bridge Called Patience").is_visible()
    screenshot("guest-post")

    page.emulate_media(color_scheme="dark")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(24, 21, 18)"
    screenshot("guest-post-dark")


def test_home_page_on_a_phone(live_server, page, screenshot):
    guest_post_on_a_busy_blog()
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(live_server.url)

    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width == 390  # nothing spills sideways on a narrow screen
    screenshot("home-phone")
