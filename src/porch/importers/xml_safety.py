"""Reading an uploaded XML export safely, for every XML source (WordPress, Disqus).

A DOCTYPE is never legitimate in these exports and is how XXE, entity expansion and
external DTD attacks start, so it is refused from the file's first bytes, before the
parser sees it; the parser then resolves no entities and opens no network. Finished
elements are cleared as the caller goes, so memory stays flat on exports of hundreds
of MB. The text must be in the encoding the file declares: ``encoding_check`` refuses a
file whose declaration lies, which the parser would otherwise read as garbled text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import IO, Any

from lxml import etree

from porch.core.errors import PorchError

PROLOG_BYTES = 64 * 1024
_CUT_SHORT = re.compile(r"Premature end of data in tag (\S+) line (\d+)")
_PROLOG_TOKEN = re.compile(
    rb"\s+|<\?.*?\?>|<!--.*?-->|(?P<doctype><!DOCTYPE)|(?P<element><[A-Za-z_])",
    re.DOTALL | re.IGNORECASE,
)


def check_prolog(
    head: bytes, *, export: str, root: str, error: type[PorchError]
) -> None:
    """Refuse a DOCTYPE (or a file that is not XML) from the file's first bytes.

    ``export`` names the kind of file ("Disqus export") and ``root`` the element it
    starts with, so the message says what the host should have uploaded.
    """
    position = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while position < len(head):
        match = _PROLOG_TOKEN.match(head, position)
        if match is None and head.startswith((b"<!--", b"<?"), position):
            break  # a comment longer than the window: no room left for the root
        if match is None:
            raise error(
                f"this is not a {export} (not an XML file): "
                f"a {export} starts with <{root}"
            )
        if match.group("doctype"):
            raise error(
                f"refused: the file declares a DOCTYPE, which {export}s never have "
                "(it can be used to read local files or exhaust memory)"
            )
        if match.group("element"):
            return
        position = match.end()
    raise error(
        f"no XML element in the first {PROLOG_BYTES // 1024} KiB of the file: "
        f"a {export} starts with <{root}"
    )


def xml_elements(
    stream: IO[bytes],
    *,
    level: int,
    check_root: Callable[[Any], None],
    error: type[PorchError],
    streamed: Callable[[Any], bool] | None = None,
) -> Iterator[Any]:
    """Yield each finished element ``level`` deep (the root is 1), then clear it.

    Children of those elements for which ``streamed`` is true are yielded too, as
    each ends, and dropped: a post with 200,000 comments never sits whole in memory.
    ``check_root`` sees the root element as soon as it starts and raises ``error``
    when the file is not the expected export. Raises ``error`` for a DOCTYPE the
    prolog check missed and for XML that breaks off.
    """
    events = etree.iterparse(
        stream, events=("start", "end"), resolve_entities=False, no_network=True,
        load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True,
    )  # fmt: skip
    depth = 0
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    if element.getroottree().docinfo.doctype:
                        raise error(
                            "refused: the file declares a DOCTYPE; upload the file "
                            "as the old site exported it"
                        )
                    check_root(element)
                continue
            depth -= 1
            if depth == level and streamed is not None and streamed(element):
                yield element
                element.clear(keep_tail=False)
                while (earlier := element.getprevious()) is not None and streamed(
                    earlier
                ):
                    element.getparent().remove(earlier)
            elif depth == level - 1:
                yield element
                element.clear(keep_tail=False)
                while element.getprevious() is not None:
                    del element.getparent()[0]
    except etree.XMLSyntaxError as syntax:
        raise error(
            f"the export is not well-formed XML: {_syntax_reason(syntax)}; it was cut "
            "short or edited: export it again from the old site"
        ) from None


def _syntax_reason(syntax: etree.XMLSyntaxError) -> str:
    """The parser's complaint in a host's words where it has a common cause."""
    cut = _CUT_SHORT.match(syntax.msg or "")
    if cut:
        return f"the file ends inside <{cut[1]}> (opened on line {cut[2]})"
    message = syntax.msg or "unreadable"
    return message if "line" in message else f"{message} (line {syntax.position[0]})"
