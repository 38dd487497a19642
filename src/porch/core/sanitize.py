"""The only road from user text to HTML: Markdown through markdown-it-py, then nh3.

Posts get the full Markdown a writer expects (headings, images, tables). Comments get
a small subset: no images, no raw HTML, and every link marked as user-generated so a
spammer gains nothing from leaving one.

A post's Markdown images load lazily, and one of the site's own uploads also gets its
``width``, ``height``, ``srcset`` and ``sizes`` (``core/responsive.py``). The sanitizer
keeps a ``srcset`` only when every address in it is one of those uploads.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from porch.core.responsive import responsive_attributes, srcset_is_ours

POST_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
POST_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {
        "src",
        "alt",
        "title",
        "width",
        "height",
        "loading",
        "decoding",
        "srcset",
        "sizes",
    },
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


def _post_image(
    renderer: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: MutableMapping[str, Any],
) -> str:
    token = tokens[idx]
    for name, value in responsive_attributes(str(token.attrGet("src") or "")).items():
        token.attrSet(name, value)
    token.attrSet("loading", "lazy")
    token.attrSet("decoding", "async")
    rendered: str = renderer.image(tokens, idx, options, env)  # type: ignore[attr-defined]
    return rendered


_post_markdown.add_render_rule("image", _post_image)
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
        attribute_filter=_post_attribute if tags is POST_TAGS else None,
    )


def _post_attribute(tag: str, attribute: str, value: str) -> str | None:
    # A srcset names URLs nh3 does not check; only our own uploads' files may be in it.
    if attribute == "srcset" and not srcset_is_ours(value):
        return None
    return value


def render_post_markdown(text: str) -> str:
    """HTML for a post body, excerpt, bio or policy written by the site's own people."""
    return clean_html(_post_markdown.render(text))


def render_comment_markdown(text: str) -> str:
    """HTML for a reader's comment: the comment subset, links ``nofollow ugc``."""
    return clean_html(_comment_markdown.render(text), tags=COMMENT_TAGS)


def plain_text(html: str) -> str:
    """The text of sanitized HTML, for excerpts, feeds' summaries and meta tags."""
    return " ".join(nh3.clean(html, tags=set()).split())
