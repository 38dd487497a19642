"""WordPress post HTML to what Porch stores, losing nothing silently.

WordPress keeps post bodies with bare newlines and shortcodes, and turns them into HTML
only when it shows them (``wpautop`` then ``do_shortcode``). The import does the same
once: paragraphs, ``[caption]`` as a figure, ``[gallery]`` as a list of links,
``[embed]`` and media shortcodes as links. Whatever cannot be converted is left as text
and named in ``notes`` so the report can list it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from porch.core.sanitize import POST_TAGS, clean_html
from porch.importers.markup import stripped_tags, wpautop

_SHORTCODE = re.compile(
    r"\[(?P<name>[a-z][a-z0-9_-]*)(?P<attrs>(?:\s[^\]]*)?)\]"
    r"(?:(?P<inner>.*?)\[/(?P=name)\])?",
    re.DOTALL,
)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
# Embedded players become a link to what they played.
_PLAYER = re.compile(
    r"<(iframe|audio|video|embed)\b[^>]*?\bsrc=[\"']([^\"']+)[\"'][^>]*>(?:.*?</\1>)?",
    re.I | re.S,
)
_PLAYER_SOURCES = re.compile(
    r"<(audio|video)\b[^>]*>.*?<source\b[^>]*?\bsrc=[\"']([^\"']+)[\"'].*?</\1>",
    re.I | re.S,
)
# Old tags the sanitizer drops, renamed to the allowed tag that looks the same.
_RENAMES = {"h1": "h2", "strike": "s", "tt": "code", "var": "i", "acronym": "abbr",
            "address": "p", "cite": "i", "big": "strong", "center": "p"}  # fmt: skip
_RENAME = re.compile(r"<(/?)(" + "|".join(_RENAMES) + r")\b", re.I)
_BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)
# WordPress's shortcode_unautop: a shortcode alone in a paragraph is not a paragraph.
_SHORTCODE_ALONE = re.compile(
    r"<p>\s*(\[([a-z][\w-]*)\b[^\]]*\](?:(?:(?!</p>).)*?\[/\2\])?)\s*</p>", re.S
)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--(?!\s*(?:more|nextpage|noteaser)\b).*?-->", re.DOTALL)
_MARKERS = re.compile(r"<!--\s*(?:more|nextpage|noteaser)\b.*?-->", re.DOTALL)
Attachments = Mapping[str, tuple[str, str]]  # attachment id -> (url, title)


@dataclass
class Converted:
    html: str
    notes: list[str] = field(default_factory=list)


def shortcode_attrs(raw: str) -> dict[str, str]:
    return {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTR.finditer(raw)}


def _link(url: str, label: str = "") -> str:
    url = html.escape(url, quote=True)
    return f'<a href="{url}">{html.escape(label) if label else url}</a>'


def _caption(attrs: dict[str, str], inner: str) -> str:
    inner = inner.strip()
    caption = attrs.get("caption", "")
    if not caption:  # the caption is the text after the image (or its link)
        match = re.match(
            r"((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", inner, re.S
        )
        if match:
            inner, caption = match.group(1), match.group(2).strip()
    return f"<figure>{inner}<figcaption>{caption}</figcaption></figure>"


def _gallery(
    attrs: dict[str, str], post_attachments: list[str], known: Attachments
) -> str:
    ids = [part.strip() for part in attrs.get("ids", "").split(",") if part.strip()]
    if not ids and attrs.get("include"):
        ids = [part.strip() for part in attrs["include"].split(",") if part.strip()]
    items = [known[i] for i in (ids or post_attachments) if i in known]
    if not items:
        return "<p>(A gallery was here; its images were not in the export.)</p>"
    links = "".join(f"<li>{_link(url, title or url)}</li>" for url, title in items)
    return f"<ul>{links}</ul>"


def _media(attrs: dict[str, str], inner: str) -> str | None:
    for key in ("src", "mp3", "mp4", "m4a", "ogg", "webm", "wav", "url"):
        if attrs.get(key):
            return f"<p>{_link(attrs[key])}</p>"
    inner = inner.strip()
    return (
        f"<p>{_link(inner)}</p>" if inner.startswith(("http://", "https://")) else None
    )


def convert_shortcodes(
    text: str,
    *,
    attachments: Attachments,
    post_attachments: list[str],
    notes: list[str],
) -> str:
    """Replace the shortcodes a reader would miss; leave and note the others."""

    def replace(match: re.Match[str]) -> str:
        name, inner = match.group("name"), match.group("inner") or ""
        attrs = shortcode_attrs(match.group("attrs") or "")
        if name in {"caption", "wp_caption"}:
            return _caption(attrs, inner)
        if name == "gallery":
            return _gallery(attrs, post_attachments, attachments)
        if name in {"embed", "audio", "video", "youtube", "vimeo", "wpvideo"}:
            converted = _media(attrs, inner)
            if converted is not None:
                return converted
        if attrs or match.group("inner") is not None:
            notes.append(f"shortcode [{name}] kept as text")
        return match.group(0)

    return _SHORTCODE.sub(replace, text)


def _one_markdown_block(html_text: str) -> str:
    # Post bodies are Markdown: raw HTML passes through untouched only as one HTML
    # block, which a blank line would end, so blank lines become a newline entity.
    while re.search(r"\n[ \t]*\n", html_text):
        html_text = re.sub(r"\n([ \t]*)\n", r"\n\1&#10;", html_text)
    return f"<div>\n{html_text.strip()}\n</div>"


def _players_as_links(text: str) -> str:
    def link(match: re.Match[str]) -> str:
        return f"<p>{_link(html.unescape(match.group(2)))}</p>"

    return _PLAYER.sub(link, _PLAYER_SOURCES.sub(link, text))


def post_body_convert(
    content: str,
    *,
    attachments: Attachments | None = None,
    post_attachments: list[str] | None = None,
) -> Converted:
    """A post's stored body (HTML that Markdown passes through) and what was lost."""
    notes: list[str] = []
    is_block_editor = "<!-- wp:" in content
    text = _BLOCK_COMMENT.sub("", content)
    if _HTML_COMMENT.search(text):
        notes.append("HTML comments removed")
        text = _HTML_COMMENT.sub("", text)
    text = _MARKERS.sub("", text)  # "read more" and page breaks: one page here
    text = _players_as_links(text)
    text = _RENAME.sub(lambda m: f"<{m.group(1)}{_RENAMES[m.group(2).lower()]}", text)
    text = _BARE_URL_LINE.sub(
        lambda m: _link(m.group(1)), text
    )  # WordPress embeds these
    if not is_block_editor:  # the block editor stores finished HTML
        text = wpautop(text)
        text = _SHORTCODE_ALONE.sub(r"\1", text)
    text = convert_shortcodes(
        text,
        attachments=attachments or {},
        post_attachments=post_attachments or [],
        notes=notes,
    )
    notes.extend(f"<{tag}> removed" for tag in stripped_tags(text, POST_TAGS))
    if not text.strip():
        return Converted(html="", notes=notes)
    return Converted(html=_one_markdown_block(text), notes=notes)


def excerpt_text(excerpt: str) -> str:
    """WordPress's hand-written excerpt as plain text (``&`` stays ``&``).

    The sanitizer returns HTML, entities and all; plain text is escaped where it is
    shown, so it is unescaped here once rather than twice on the page.
    """
    return " ".join(html.unescape(clean_html(excerpt, tags=set())).split())
