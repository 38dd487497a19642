"""The front page and a post with its discussion, as a reader sees them (Chromium).

Screenshots of each at desktop (1280) and phone (390) widths, light and dark, go to
test-artifacts/ as front-<page>-<width>-<scheme>.png.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from porch.blog.models import Post, Series
from porch.comments.models import Comment
from tests.factories import CommentFactory, GuestPostFactory, PersonFactory, PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1280, "phone": 390}
LONG_TITLE = "Accountability, responsibilities and the unacknowledged interdependencies"
THREADS = [
    (
        "Marta Quill",
        "Stepping back felt like *losing control* the first time I did it.",
    ),
    ("Owen Park", "We rotate who runs the Monday meeting. Quiet people lead well."),
    (
        "Ines Duarte",
        "Here is the checklist we use: "
        "<https://example.com/a/very/long/address/that/should/wrap/in/a/narrow/column>",
    ),
]


def picture(colour: str, name: str) -> ContentFile[bytes]:
    # A drawn landscape: hills under a sun, enough to see how a card holds an image.
    image = Image.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((860, 90, 1040, 270), fill="#f6d37a")
    draw.polygon(
        [(0, 675), (0, 420), (380, 250), (760, 470), (1200, 300), (1200, 675)],
        fill="#3d5a40",
    )
    data = io.BytesIO()
    image.save(data, format="PNG")
    return ContentFile(data.getvalue(), name=name)


def a_blog_with_a_discussion() -> Post:
    now = timezone.now()
    for name, slug in (
        ("Guest Post Monday", "guest-post-monday"),
        ("Leadership Notes", "leadership-notes"),
    ):
        Series.objects.get_or_create(slug=slug, defaults={"name": name})
    guest = PersonFactory(
        display_name="Dana Ellison",
        slug="dana-ellison",
        site_name="Slow Mornings",
        site_url="https://slow-mornings.example",
        bio="Dana coaches small teams.",
    )
    post = GuestPostFactory(
        author=guest,
        series=Series.objects.get(slug="guest-post-monday"),
        title="The view from the back of the line",
        slug="view-from-the-back",
        excerpt="Why the best seat for a team lead is often the last one.",
        featured_image_alt="Green hills under a low sun",
        publish_at=now - timedelta(hours=2),
    )
    post.featured_image.save("hills.png", picture("#9cc3d5", "hills.png"))
    older = PostFactory(
        title=LONG_TITLE,
        excerpt="A long word in a title moves to the next line whole.",
        publish_at=now - timedelta(days=3),
    )
    older.featured_image_alt = "Hills at dusk"
    older.featured_image.save("dusk.png", picture("#d59c9c", "dusk.png"))
    PostFactory(
        title="Why I keep a porch light on",
        series=Series.objects.get(slug="leadership-notes"),
        publish_at=now - timedelta(days=6),
    )
    for name, body in THREADS:
        top = CommentFactory(post=post, author_name=name, body=body)
    CommentFactory(
        post=post,
        parent=top,
        author_name="Dana Ellison",
        body="Thank you! Did the checklist change who speaks first?",
    )
    CommentFactory(post=older, author_name="Lee Ward", body="One thought here.")
    return post


def titles_overflowing(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll(
             'h1, h2, .post-card__title, .post-nav__title, .discussion__title')]
           .filter(el => !el.closest('.visually-hidden'))
           .filter(el => el.scrollWidth > el.clientWidth + 1
                      || el.getBoundingClientRect().right > window.innerWidth)
           .map(el => el.textContent.trim())"""
    )


def nav_item_tops(page) -> list[float]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.site-nav__links > li')]
           .map(el => Math.round(el.getBoundingClientRect().top + scrollY))"""
    )


def search_beside_links(page) -> bool:
    """The search box shares the links' line: their vertical middles are one."""
    return page.evaluate(
        """() => {
             const middle = el => {
               const box = el.getBoundingClientRect(); return box.top + box.height / 2;
             };
             const link = document.querySelector('.site-nav__links > li');
             const search = document.querySelector('.search-form');
             return Math.abs(middle(link) - middle(search)) < 6;
           }"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", list(WIDTHS))
def test_home_and_post_at_each_width_and_scheme(
    live_server, page, screenshot, size, scheme
):
    post = a_blog_with_a_discussion()
    width = WIDTHS[size]
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)

    page.goto(live_server.url)
    cards = page.locator(".post-card__comments")
    assert cards.all_inner_texts() == ["4 thoughts", "One thought", "No thoughts yet"]
    images = page.locator(".post-card img")
    assert images.count() == 2
    page.evaluate(
        "window.scrollTo(0, document.body.scrollHeight)"
    )  # load the lazy ones
    page.wait_for_function(
        "() => [...document.querySelectorAll('.post-card img')]"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    assert titles_overflowing(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") == width
    if size == "desktop":
        tops = nav_item_tops(page)
        assert len(tops) >= 4  # Home, two series, Feed (and any menu the host adds)
        assert len(set(tops)) == 1, tops
        assert search_beside_links(page)
    screenshot(f"front-home-{size}-{scheme}")

    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    numbers = page.evaluate(
        """() => [...document.querySelectorAll('ol.comment-list > li')].map(li => [
             li.value, getComputedStyle(li).display,
             getComputedStyle(li).listStyleType])"""
    )
    assert numbers == [[n, "list-item", "decimal"] for n in (1, 2, 3)]
    # The number sits in view, left of the comment's box, not clipped off the page.
    marker_room = page.evaluate(
        "document.querySelector('ol.comment-list > li > .comment__body')"
        ".getBoundingClientRect().left - "
        "document.querySelector('ol.comment-list').getBoundingClientRect().left"
    )
    assert marker_room >= 20
    assert titles_overflowing(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") == width
    assert page.locator("#comment-body-hint").is_visible()
    screenshot(f"front-post-{size}-{scheme}")


def test_a_refused_comment_opens_at_the_form_with_the_focus_on_its_errors(
    live_server, page, screenshot
):
    post = a_blog_with_a_discussion()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{post.get_absolute_url()}")

    page.fill("#id_body", "Half a thought, and no name yet.")
    page.click("#commentform button[type=submit]")

    summary = page.locator("#comment-form-errors")
    summary.wait_for()
    page.wait_for_load_state("load")
    assert page.url.endswith("#respond")
    assert page.evaluate("document.activeElement.id") == "comment-form-errors"
    # The theme scrolls smoothly: wait for the summary to come to rest on screen.
    page.wait_for_function(
        "() => { const top = document.getElementById('comment-form-errors')"
        ".getBoundingClientRect().top; return top >= 0 && top < innerHeight; }"
    )
    assert page.evaluate("window.scrollY") > 1000
    assert page.input_value("#id_body") == "Half a thought, and no name yet."
    assert Comment.objects.filter(post=post).count() == 4
    screenshot("front-post-refused-comment-phone")


def test_the_preview_shows_the_comment_as_it_will_look(live_server, page):
    post = a_blog_with_a_discussion()
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    # The same page a later reader gets from the page cache: no CSRF token on it.
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    assert page.locator("input[name=csrfmiddlewaretoken]").count() == 0

    page.fill("#id_body", "Walking *beside* them.\n\n> Quiet people lead well.")
    page.click("#comment-preview-button")

    preview = page.locator("#comment-preview-body")
    preview.locator("em").wait_for()
    assert preview.locator("em").inner_text() == "beside"
    assert preview.locator("blockquote").inner_text() == "Quiet people lead well."
    page.fill("#id_body", "Changed my mind.")
    assert page.locator("#comment-preview").is_hidden()
    assert Comment.objects.filter(post=post).count() == 4
