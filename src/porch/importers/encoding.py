"""Refusing an XML export whose encoding declaration lies, before a byte is imported.

A parser believes the declaration. An export that says ISO-8859-1 but holds UTF-8
(a plugin or an editor re-saved it) parses without a complaint and every "é" is
imported as "Ã©"; one that says UTF-8 (or nothing, which means UTF-8) but holds
Latin-1 stops the parser half-way, with a message about bytes. Both are caught here
by reading the raw bytes once, in chunks, so the host is told what is wrong and how
to fix it. UTF-8 text read as a one-byte encoding is the only ambiguity worth
checking: real Latin-1 text almost never happens to form valid UTF-8 sequences.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import IO

from porch.core.errors import PorchError

CHUNK = 1024 * 1024
_DECLARATION = re.compile(
    rb"<\?xml[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']"
)
# One byte per character: UTF-8 text read as one of these is garbled silently.
_ONE_BYTE = (
    {"ascii", "latin-1"}
    | {f"iso8859-{n}" for n in range(1, 17)}
    | {f"cp125{n}" for n in range(9)}
)


@dataclass(frozen=True)
class _Scan:
    """Where the file first stops being UTF-8, or its first non-ASCII text."""

    bad_at: int | None  # offset of the first byte that is not UTF-8
    line: int  # the line of that byte, or of the first non-ASCII character
    sample: bytes  # the bytes around it


def encoding_check(stream: IO[bytes], *, error: type[PorchError]) -> None:
    """Raise ``error`` when the text is not in the encoding the file declares.

    Reads the whole stream and leaves it at the start. Files in UTF-16 or UTF-32
    (they start with a byte-order mark or a zero byte) are left to the parser,
    which checks those itself.
    """
    head = stream.read(4096)
    stream.seek(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00")) or head[1:2] == b"\x00":
        return
    match = _DECLARATION.search(head[:1024])
    declared = match.group(1).decode("ascii") if match else ""
    try:
        name = codecs.lookup(declared or "utf-8").name
    except LookupError:
        raise error(
            f"the file declares the encoding {declared!r}, which is not one Porch "
            "knows; export the file again from the old site"
        ) from None
    scan = _utf8_scan(stream)
    stream.seek(0)
    if name == "utf-8" and scan.bad_at is not None:
        says = f"says it is {declared}" if declared else "declares no encoding"
        raise error(
            f"the file {says}, so its text must be UTF-8, but line {scan.line} holds "
            f"bytes that are not UTF-8 ({_shown(scan.sample)}); it was probably "
            "saved as Latin-1 or Windows-1252. Convert it to UTF-8, or export it "
            "again from the old site"
        )
    if name in _ONE_BYTE and scan.bad_at is None and scan.sample:
        text = scan.sample.decode("utf-8", errors="replace").strip()
        garbled = scan.sample.decode(name, errors="replace").strip()
        raise error(
            f"the file says its text is {declared}, but it is UTF-8: line "
            f"{scan.line} reads “{text}”, which would be imported as “{garbled}”. "
            f'Change encoding="{declared}" to encoding="UTF-8" in its first line, '
            "or export it again from the old site"
        )


def _utf8_scan(stream: IO[bytes]) -> _Scan:
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, lines = 0, 1
    first_text: tuple[int, bytes] | None = None
    while chunk := stream.read(CHUNK):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as problem:
            # The decoder may hold up to 3 bytes of the previous chunk: the error's
            # position is counted from those.
            at = max(problem.start - (len(problem.object) - len(chunk)), 0)
            line = lines + chunk.count(b"\n", 0, at)
            return _Scan(bad_at=offset + at, line=line, sample=_around(chunk, at))
        if first_text is None and not chunk.isascii():
            at = next(i for i, byte in enumerate(chunk) if byte > 0x7F)
            first_text = lines + chunk.count(b"\n", 0, at), _around(chunk, at)
        offset, lines = offset + len(chunk), lines + chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return _Scan(bad_at=offset, line=lines, sample=b"")
    line, sample = first_text or (0, b"")
    return _Scan(bad_at=None, line=line, sample=sample)


def _around(chunk: bytes, at: int) -> bytes:
    """The bytes near ``at`` on its line, cut at whole UTF-8 characters."""
    start = max(chunk.rfind(b"\n", 0, at) + 1, at - 12)
    end = chunk.find(b"\n", at)
    end = min(end if end != -1 else len(chunk), at + 12)
    while start < at and 0x80 <= chunk[start] < 0xC0:
        start += 1
    while end < len(chunk) and 0x80 <= chunk[end] < 0xC0:
        end += 1
    return chunk[start:end]


def _shown(sample: bytes) -> str:
    """The bytes as a host can find them: printable ASCII as is, the rest in hex."""
    return "".join(
        chr(byte) if 0x20 <= byte < 0x7F else f"\\x{byte:02X}" for byte in sample
    )
