"""Evidence marked in a comment's text, with every other character escaped.

The classifiers report evidence as phrases (an insult, a link, a selling phrase);
the desk shows the comment's raw text with those phrases inside ``<mark>``. The
text is never trusted: it is split into spans and each span is escaped on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Shorter phrases are noise ("a", "of"); the evidence list beside the text has them.
MIN_PHRASE_LENGTH = 2


def _pattern(phrase: str) -> re.Pattern[str]:
    # Whole words only where the phrase starts or ends with one: "ass" must not
    # light up "class". Whitespace inside a phrase matches any run of it.
    body = r"\s+".join(re.escape(part) for part in phrase.split())
    start = r"(?<!\w)" if phrase[0].isalnum() else ""
    end = r"(?!\w)" if phrase[-1].isalnum() else ""
    return re.compile(f"{start}{body}{end}", re.IGNORECASE)


def evidence_spans(text: str, phrases: Iterable[str]) -> list[tuple[int, int]]:
    """Where the ``phrases`` occur in ``text``: sorted, overlapping spans merged."""
    found: list[tuple[int, int]] = []
    for phrase in {p.strip() for p in phrases}:
        if len(phrase) < MIN_PHRASE_LENGTH:
            continue
        found.extend(m.span() for m in _pattern(phrase).finditer(text))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight_evidence(text: str, phrases: Iterable[str]) -> SafeString:
    """``text`` as HTML, escaped, with each evidence phrase inside ``<mark>``."""
    parts: list[str] = []
    position = 0
    for start, end in evidence_spans(text, phrases):
        parts.append(escape(text[position:start]))
        parts.append(format_html("<mark>{}</mark>", text[start:end]))
        position = end
    parts.append(escape(text[position:]))
    # Every part above is escaped or built by format_html, so the join is safe.
    return mark_safe("".join(parts))  # noqa: S308
