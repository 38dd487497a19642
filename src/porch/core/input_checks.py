"""Input no page can use, refused before any view runs; ids a database can hold.

A NUL byte reaches SQLite's full-text search as the end of the query ("unterminated
string") and PostgreSQL refuses it in any text value, so a ``%00`` anywhere in an
address used to answer 500. ``InputCheckMiddleware`` answers 400, with a page saying
what is wrong, to a request whose path, query string or form field names carry a
control character: nothing a person types puts one there.

Form field *values* are left to the forms, so a refused field is shown beside the
rest of what the writer typed: Django's ``CharField`` refuses NUL by itself, and
``typed_text_clean`` drops the other invisible controls a paste can bring.

Ids: a primary key is at most ``MAX_ID``, the largest integer SQLite and PostgreSQL's
``bigint`` hold (SQLite raises ``OverflowError`` for a larger one). Every id read from
an address, a query string or a form goes through ``id_from_text``, ``IdField`` or
the ``id`` path converter (``porch.core.converters``), so a larger one is "no such
thing", never a crash.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

MAX_ID = 2**63 - 1
# Unicode's Cc category: C0 controls, DEL and the C1 controls.
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What typed text may lose on the way in: the controls but NUL (refused with a
# message by Django's forms), tab and line breaks (real text keeps those).
STRAY_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def id_from_text(raw: object) -> int | None:
    """``raw`` as a positive id a database can hold, or None.

    Only ASCII digits count: ``str.isdigit`` accepts "²", which ``int`` refuses.
    """
    if not isinstance(raw, str) or not _ASCII_DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_ID else None


def typed_text_clean(text: str) -> str:
    """``text`` without the invisible controls a paste brings (a Word vertical tab);
    XML 1.0 cannot carry them, so a feed showing them would fail."""
    return STRAY_CONTROL.sub("", text)


def control_character_in(text: str) -> str | None:
    """The first control character in ``text``, named as ``U+0000``; else None."""
    found = CONTROL_CHARACTER.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


class IdField(forms.IntegerField):
    """A positive id a database can hold; anything else is the field's ``invalid``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)
        invalid = self.error_messages["invalid"]
        self.error_messages.setdefault("min_value", invalid)
        self.error_messages.setdefault("max_value", invalid)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        parsed = id_from_text(str(value).strip())
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class TypedTextField(forms.CharField):
    """Text a person typed: ``typed_text_clean`` first, then the usual checks."""

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return typed_text_clean(text) if isinstance(text, str) else text


def _request_problem(request: HttpRequest) -> str | None:
    """What makes the request unusable, in words for the page, or None."""
    if found := control_character_in(request.path):
        return f"The address contains a control character ({found})."
    if found := _control_in_pairs(request.GET.lists(), names_only=False):
        return f"The query string contains a control character ({found})."
    if request.method == "POST" and (
        found := _control_in_pairs(request.POST.lists(), names_only=True)
    ):
        return f"A form field name contains a control character ({found})."
    return None


def _control_in_pairs(
    pairs: Iterable[tuple[str, list[str]]], *, names_only: bool
) -> str | None:
    for name, values in pairs:
        texts = [name] if names_only else [name, *values]
        for text in texts:
            if found := control_character_in(text):
                return found
    return None


class InputCheckMiddleware:
    """Answer 400 to a control character in the path, the query or a field's name.

    Placed before the page cache, so a refused address is never looked up or stored.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = _request_problem(request)
        if problem is None:
            return self.get_response(request)
        return render(request, "400.html", {"problem": problem}, status=400)
