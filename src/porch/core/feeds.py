"""Feed writers that leave out what XML 1.0 cannot carry.

Django's feed writer raises on a C0 control character (``UnserializableContentError``),
so one stored in a post title or a comment (a paste into the admin, an imported
comment) turned every feed showing it into a 500 until the row was edited. These
writers drop such characters from every value a feed is given.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

# What Django's ``SimplerXMLGenerator`` refuses, plus the two XML non-characters.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: Any) -> Any:
    """``value`` with what XML 1.0 cannot carry dropped; lists and tuples each."""
    if isinstance(value, str):
        return NOT_IN_XML.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_text(one) for one in value)
    return value


class _XmlSafe(SyndicationFeed):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        args = tuple(xml_text(value) for value in args)
        super().__init__(*args, **{key: xml_text(v) for key, v in kwargs.items()})

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        args = tuple(xml_text(value) for value in args)
        super().add_item(*args, **{key: xml_text(v) for key, v in kwargs.items()})


class XmlSafeRssFeed(_XmlSafe, Rss201rev2Feed):
    pass


class XmlSafeAtomFeed(_XmlSafe, Atom1Feed):
    pass
