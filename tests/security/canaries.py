"""Canary emails and IP addresses, and a search for them in any common encoding.

A text leaks a canary when it holds the value plainly or case-changed, URL-escaped,
HTML-entity-escaped (decimal or hex), JSON-escaped (``\\u0040``), in base64, or as
the MD5, SHA-1 or SHA-256 hex digest of the lowercased value (a Gravatar-style hash
of an address is the address to anyone holding a list of addresses).

Rather than try every encoding of every canary against every page, the search
decodes the page each way, picks out everything shaped like an address, a digest or
a base64 run, and looks those up in sets.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import re
from dataclasses import dataclass, field
from urllib.parse import unquote_plus

EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+")
IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
HEX = re.compile(r"(?<![0-9a-f])[0-9a-f]{32,64}(?![0-9a-f])")
# Shorter runs cannot hold an address; words and slugs decode to nothing useful.
BASE64 = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")
JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def digests(value: str) -> set[str]:
    data = value.strip().lower().encode()
    return {
        hashlib.md5(data).hexdigest(),  # noqa: S324 (looking for it, not using it)
        hashlib.sha1(data).hexdigest(),  # noqa: S324
        hashlib.sha256(data).hexdigest(),
    }


def _decoded_views(text: str) -> list[str]:
    """The text as written and decoded each way, lowercased."""
    views = [text, html.unescape(text), unquote_plus(text)]
    views.append(JSON_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text))
    return [view.lower() for view in views]


def _base64_decodings(text: str) -> list[str]:
    found = []
    for run in BASE64.findall(text):
        for decode in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                raw = decode(run + "=" * (-len(run) % 4))
            except (binascii.Error, ValueError):
                continue
            found.append(raw.decode("utf-8", "ignore").lower())
    return found


@dataclass
class Canaries:
    """Each canary value, keyed by every form it can be found in."""

    emails: set[str] = field(default_factory=set)
    ips: set[str] = field(default_factory=set)
    by_digest: dict[str, str] = field(default_factory=dict)

    def add(self, *, email: str, ips: list[str]) -> None:
        self.emails.add(email.lower())
        self.ips.update(ips)
        for value in (email, *ips):
            for digest in digests(value):
                self.by_digest[digest] = value.lower()

    def leaks(self, text: str) -> set[str]:
        """Every canary ``text`` gives away, named by its plain value."""
        found: set[str] = set()
        for view in [*_decoded_views(text), *_base64_decodings(text)]:
            found |= set(EMAIL.findall(view)) & self.emails
            found |= set(IPV4.findall(view)) & self.ips
            found |= {
                self.by_digest[h] for h in HEX.findall(view) if h in self.by_digest
            }
        return found
