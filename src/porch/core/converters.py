"""The ``id`` path converter: ``<id:pk>`` is a primary key a database can hold.

Django's ``<int:...>`` takes any run of digits; an id past ``MAX_ID`` then reaches the
database, and SQLite raises ``OverflowError`` (a 500). Here it does not match, so the
address is a plain 404. Registered once, in ``CoreConfig.ready``, before any URLconf
is read.
"""

from __future__ import annotations

from porch.core.input_checks import MAX_ID


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(f"{value} is not an id a database can hold")  # no match
        return number

    def to_url(self, value: int) -> str:
        return str(value)
