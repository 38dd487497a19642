"""Names and web addresses shown as who someone is, without invisible tricks.

A name carrying U+202E (RIGHT-TO-LEFT OVERRIDE) reverses what follows it, so
"\\u202etsoH" shows as "Host", and the override runs on past the name into the badges
beside it; a zero-width space makes "Ho\\u200bst" look like "Host" while differing
from it. ``identity_text_clean`` drops Unicode's format characters (category Cf: the
bidi embeddings, overrides and isolates, LRM and RLM, zero-width spaces, the BOM,
soft hyphens) and turns controls and line separators into spaces. It keeps ZWNJ and
ZWJ between two visible characters, where Persian and Indic names and emoji sequences
need them. Templates also show names inside ``<bdi>``, for rows written before.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms

ZERO_WIDTH_JOINERS = frozenset({"\u200c", "\u200d"})
_AS_SPACE = frozenset({"Cc", "Zl", "Zp"})


def identity_text_clean(text: str) -> str:
    """``text`` with format characters dropped and whitespace runs made one space."""
    kept: list[str] = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category in _AS_SPACE:
            kept.append(" ")
        elif category != "Cf" or _joins_visible(text, index, kept):
            kept.append(char)
    return " ".join("".join(kept).split())


def _joins_visible(text: str, index: int, kept: list[str]) -> bool:
    if text[index] not in ZERO_WIDTH_JOINERS or not kept or kept[-1].isspace():
        return False
    following = text[index + 1 : index + 2]
    return bool(following) and unicodedata.category(following)[0] not in "CZ"


def _cleaned(value: Any) -> Any:
    # NUL is left for Django's own validator, which refuses it beside the field.
    if isinstance(value, str) and "\x00" not in value:
        return identity_text_clean(value)
    return value


class IdentityTextField(forms.CharField):
    """A name or label shown as who someone is: ``identity_text_clean``, then checks."""

    def to_python(self, value: Any) -> Any:
        return _cleaned(super().to_python(value))


class IdentityURLField(forms.URLField):
    """A web address shown under someone's name, cleaned like the name."""

    def to_python(self, value: Any) -> Any:
        return super().to_python(_cleaned(value))
