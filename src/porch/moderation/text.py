"""Text clean-up shared by every classifier, at training and at judging time alike.

Training and judging must see text prepared the same way, or the weights would be
learned on one vocabulary and applied to another; that is why this lives in one place.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

URL_RE = re.compile(
    r"(?i)\b(?:https?://|www\.)[^\s<>\"')\]]+"
    r"|\b[a-z0-9][a-z0-9-]{1,62}\.(?:com|net|org|info|biz|ru|cn|xyz|top|io|ly|co|us"
    r"|uk|in|me|tk|online|site|shop|store|club|link|click)(?:/[^\s<>\"')\]]*)?\b"
)
MENTION_RE = re.compile(r"(?<!\w)@\w+")
RETWEET_RE = re.compile(r"^(?:\s*RT\b:?)+", re.IGNORECASE)
EMAIL_RE = re.compile(r"(?i)\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
MONEY_RE = re.compile(
    r"(?i)(?:[$€£]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:dollars|usd|bucks)\b)"
)
PHONE_RE = re.compile(r"(?:\+?\d[\d\s().-]{8,}\d)")
WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
LITERAL_ESCAPE_RE = re.compile(r"\\x[0-9a-fA-F]{2}|\\[nrt]")


def normalize(text: str) -> str:
    """Unescape HTML entities and fold look-alike characters (full-width, ligatures)."""
    text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split())


def links(text: str) -> list[str]:
    """The links written in ``text``, in order, each once."""
    seen: dict[str, None] = {}
    for match in URL_RE.finditer(text):
        seen.setdefault(match.group(0).rstrip(".,;:!?"), None)
    return list(seen)


def domain(link: str) -> str:
    """The host name of a link, without ``www.``; '' when it has none."""
    target = link if "://" in link else f"http://{link}"
    try:
        host = urlsplit(target).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def for_model(text: str) -> str:
    """Text as the learned models read it: links and mentions become placeholders.

    Placeholders keep the fact that a link was there (a strong spam cue) without
    letting the model memorise the particular hosts of its training data.
    """
    text = normalize(LITERAL_ESCAPE_RE.sub(" ", text))
    text = RETWEET_RE.sub("", text)
    text = URL_RE.sub(" weblink ", text)
    text = EMAIL_RE.sub(" emailaddress ", text)
    text = MENTION_RE.sub(" ", text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Lower-case word tokens (letters, digits, one inner apostrophe)."""
    return WORD_RE.findall(normalize(text).lower())


_SUFFIXES = (
    "ingly",
    "ings",
    "ing",
    "edly",
    "ers",
    "ies",
    "ied",
    "ed",
    "er",
    "es",
    "ly",
    "s",
)


@lru_cache(maxsize=2**16)
def stem(word: str) -> str:
    """A crude suffix-stripper: enough to match 'leading' with 'leader' and 'leads'.

    A real stemmer would be a new dependency for a small gain; similarity only needs
    inflections of one word to meet.
    """
    if len(word) <= 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            return base + "y" if suffix in ("ies", "ied") else base
    return word
