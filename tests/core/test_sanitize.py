"""porch.core.sanitize: the only road from user text to HTML."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from porch.core.sanitize import (
    clean_html,
    plain_text,
    render_comment_markdown,
    render_post_markdown,
)


def fragment(html: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(html, create_parent="div")


def test_scripts_are_stripped_from_posts():
    html = render_post_markdown("Hello <script>alert('x')</script> world")

    assert html == "<p>Hello  world</p>\n"


def test_raw_html_in_a_post_keeps_allowed_tags_only():
    html = render_post_markdown(
        '<p onclick="steal()">Hi <script>alert(1)</script><iframe src="x"></iframe>'
        "<strong>there</strong></p>"
    )

    assert html == "<p>Hi <strong>there</strong></p>"


def test_raw_html_in_a_comment_is_shown_as_text_not_run():
    # Comments never carry raw HTML: a reader sees what was typed, inert.
    html = render_comment_markdown("<script>alert(1)</script> hi")

    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt; hi</p>\n"


@pytest.mark.parametrize("render", [render_post_markdown, render_comment_markdown])
@pytest.mark.parametrize(
    "link",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox)",
    ],
)
def test_dangerous_link_targets_are_dropped(render, link):
    html = render(link)

    # The text stays readable; it is just no longer a link.
    assert "click" in html
    assert fragment(html).xpath("//a") == []
    assert "href" not in html


@pytest.mark.parametrize(
    "raw",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" javascript:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href="data:text/html,hi">x</a>',
    ],
)
def test_dangerous_hrefs_in_raw_post_html_are_removed(raw):
    html = render_post_markdown(raw)

    assert [link.get("href") for link in fragment(html).xpath("//a")] == [None]


def test_javascript_href_in_raw_post_html_is_removed():
    html = clean_html('<a href="javascript:alert(1)">x</a>')

    assert html == '<a rel="noopener noreferrer">x</a>'


def test_comment_links_are_marked_user_generated():
    html = render_comment_markdown("See [my site](https://example.org/page).")

    assert html == (
        '<p>See <a href="https://example.org/page" rel="nofollow ugc noopener">'
        "my site</a>.</p>\n"
    )


def test_post_links_are_followed_but_do_not_leak_the_opener():
    html = render_post_markdown("Read [the book](https://books.example/walk).")

    assert html == (
        '<p>Read <a href="https://books.example/walk" rel="noopener noreferrer">'
        "the book</a>.</p>\n"
    )


def test_comments_cannot_show_images():
    markdown = render_comment_markdown("![tracker](https://evil.example/pixel.gif)")
    raw = render_comment_markdown('<img src="https://evil.example/pixel.gif">')

    # Nothing loads from the commenter's server; the address is at most a link.
    assert markdown == (
        '<p>!<a href="https://evil.example/pixel.gif" rel="nofollow ugc noopener">'
        "tracker</a></p>\n"
    )
    assert "<img" not in raw


def test_posts_may_show_images_with_their_description():
    html = render_post_markdown("![A porch at dusk](https://example.org/porch.jpg)")

    assert html == (
        '<p><img src="https://example.org/porch.jpg" alt="A porch at dusk" '
        'loading="lazy" decoding="async"></p>\n'
    )


def test_comments_get_no_headings_and_no_tables():
    html = render_comment_markdown("# Loud\n\n| a | b |\n|---|---|\n| 1 | 2 |")

    assert "<h1" not in html
    assert "<table" not in html


def test_plain_text_drops_every_tag_and_collapses_space():
    assert plain_text("<p>One <em>two</em></p>\n\n<p>three</p>") == "One two three"
