"""Comment HTML as the Markdown Porch stores, whichever service it came from.

Comment services keep bare newlines where a reader pressed Enter, as WordPress does,
so WordPress's own paragraph rule (``wpautop``) reads them all alike. Tags the comment
sanitizer drops are named in notes, so the report can list them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdownify import markdownify

from porch.core.sanitize import COMMENT_TAGS, clean_html

BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|"
    r"pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|"
    r"section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|"
    r"summary)"
)
BLOCK_TAG = rf"</?{BLOCKS}[^>]*>"
_TAG_NAME = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9-]*)")
# Tags nh3 drops whose text a reader would still want, and tags that are pure layout.
_SILENT_DROPS = {"html", "body", "span", "font", "q", "dfn", "source"}

# Text that reads the same as Markdown: no markup, entities or Markdown punctuation.
_PLAIN = re.compile(r"[^<>&*_\\`\[\]#!|~=+\-]*")
# Deeper nesting than anyone writes by hand: only a made-up file has it, and the
# HTML-to-Markdown conversion recurses once per level (it fails near 400).
HTML_DEPTH_LIMIT = 100
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "param", "source", "track", "wbr"}  # fmt: skip


def wpautop(text: str) -> str:
    """WordPress's paragraph formatting: blank lines make paragraphs, newlines ``<br>``.

    A port of ``wpautop`` in ``wp-includes/formatting.php``; ``<pre>`` keeps its
    newlines and block tags are never wrapped in a paragraph.
    """
    if not text.strip():
        return ""
    pres: list[str] = []

    def keep_pre(match: re.Match[str]) -> str:
        pres.append(match.group(0))
        return f"<pre wp-pre-tag-{len(pres) - 1}></pre>"

    text = re.sub(r"<pre\b.*?</pre>", keep_pre, text + "\n", flags=re.S | re.I)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{BLOCKS}>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]
    text = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(rf"<p>\s*({BLOCK_TAG})\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*({BLOCK_TAG})", r"\1", text)
    text = re.sub(rf"({BLOCK_TAG})\s*</p>", r"\1", text)
    text = re.sub(r"<br>|<br/>", "<br />", text)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(rf"({BLOCK_TAG})\s*<br />", r"\1", text)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    for number, pre in enumerate(pres):
        text = text.replace(f"<pre wp-pre-tag-{number}></pre>", pre)
    return text


def html_depth_exceeds(html_text: str, limit: int = HTML_DEPTH_LIMIT) -> bool:
    """Whether tags in ``html_text`` nest more than ``limit`` deep.

    Counted without a parser, so a tag left open counts until its parent closes:
    an over-estimate only for text with more than ``limit`` open tags.
    """
    if html_text.count("<") <= limit:  # nearly every comment: too few tags to tell
        return False
    open_tags: list[str] = []
    for closing, name, self_closing in _TAG.findall(html_text):
        name = name.lower()
        if closing:
            if name in open_tags:  # close it and whatever was left open inside it
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name) :]
        elif name not in _VOID and not self_closing:
            open_tags.append(name)
            if len(open_tags) > limit:
                return True
    return False


def stripped_tags(html_text: str, allowed: set[str]) -> list[str]:
    names = {name.lower() for name in _TAG_NAME.findall(html_text)}
    return sorted(names - allowed - _SILENT_DROPS)


def comment_markdown(
    content: str, *, on_note: Callable[[str], None] | None = None
) -> str:
    """A WordPress comment (HTML with bare newlines) as the Markdown Porch stores."""
    if _PLAIN.fullmatch(content):  # most comments: skip the HTML round trip
        paragraphs = re.split(r"\n\s*\n", content.strip())
        return "\n\n".join("  \n".join(p.strip().splitlines()) for p in paragraphs)
    html_text = wpautop(content.strip())
    for tag in stripped_tags(html_text, COMMENT_TAGS):
        if on_note:
            on_note(f"<{tag}> removed")
    safe = clean_html(html_text, tags=COMMENT_TAGS)
    markdown = markdownify(safe, heading_style="ATX", bullets="-", escape_misc=False)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()
