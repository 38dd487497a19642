"""The only road from user text to HTML: Markdown through markdown-it-py, then nh3.

Posts get the full Markdown a writer expects (headings, images, tables). Comments get
a small subset: no images, no raw HTML, and every link marked as user-generated so a
spammer gains nothing from leaving one.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

POST_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
POST_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "td": {"align"},
    "th": {"align", "scope"},
    "ol": {"start"},
    "code": {"class"},
}
COMMENT_TAGS = {
    "a", "b", "blockquote", "br", "code", "em", "i", "li", "ol", "p", "pre", "strong",
    "ul", "del", "s",
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto"}

_post_markdown = MarkdownIt("commonmark", {"html": True, "typographer": True}).enable(
    ["table", "strikethrough", "replacements", "smartquotes"]
)
_comment_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})
    .enable(["strikethrough", "replacements", "smartquotes"])
    .disable(["image", "heading", "lheading", "table"], ignoreInvalid=True)
)


def clean_html(html: str, *, tags: set[str] = POST_TAGS) -> str:
    """Strip every tag, attribute and URL scheme outside the allowlist."""
    return nh3.clean(
        html,
        tags=tags,
        attributes=POST_ATTRIBUTES if tags is POST_TAGS else {"a": {"href", "title"}},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer"
        if tags is POST_TAGS
        else "nofollow ugc noopener",
        strip_comments=True,
    )


def render_post_markdown(text: str) -> str:
    """HTML for a post body, excerpt, bio or policy written by the site's own people."""
    return clean_html(_post_markdown.render(text))


def render_comment_markdown(text: str) -> str:
    """HTML for a reader's comment: the comment subset, links ``nofollow ugc``."""
    return clean_html(_comment_markdown.render(text), tags=COMMENT_TAGS)


def plain_text(html: str) -> str:
    """The text of sanitized HTML, for excerpts, feeds' summaries and meta tags."""
    return " ".join(nh3.clean(html, tags=set()).split())
