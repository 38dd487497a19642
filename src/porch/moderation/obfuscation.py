"""Masked and disguised swear words, written back as the words they hide.

"f***", "sh1t", "f.u.c.k", "f u c k", "fuuuuck" and "b!tch" are how people slip
past word lists; the offensive model and its evidence read the plain word instead.
A token is rewritten only when what it hides is one of the lexicon's hurtful words,
so ordinary text ("I'll be there at 5", "C++", "*really*", an email or a link)
reaches the models unchanged. The comment itself is never altered: this is what the
offensive classifier reads, at training and at judging time alike.
"""

from __future__ import annotations

import re
from functools import lru_cache

from porch.moderation import lexicon, text

# Digits and symbols standing for letters. "1" may be an i or an l; both are tried.
LEET = {"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
LEET_ONE = ("i", "l")
# Symbols that hide a letter ("f*ck", "f**k", "sh#t").
MASKS = frozenset("*#%@$!?_.-")
# When a masked word fits several hurtful words of its length, the commonest wins
# ("s***" is far more often "shit" than "scum").
PREFERRED = (
    "fuck",
    "fucking",
    "fucker",
    "fucked",
    "motherfucker",
    "shit",
    "shitty",
    "bullshit",
    "bitch",
    "asshole",
    "bastard",
    "dick",
    "cunt",
    "damn",
    "crap",
    "piss",
    "idiot",
    "moron",
)
# Misspellings that are the word itself.
ALIASES = {
    "fck": "fuck",
    "fk": "fuck",
    "fuk": "fuck",
    "fuq": "fuck",
    "phuck": "fuck",
    "fcking": "fucking",
    "fkn": "fucking",
    "fuking": "fucking",
    "sht": "shit",
    "btch": "bitch",
    "biatch": "bitch",
}
# A letter per token, three or more in a row, one separator throughout:
# "f u c k", "f.u.c.k", "f-u-c-k", "s p a c e d". Two spaces end a spaced word.
SPACED_RE = re.compile(
    r"(?<![\w.*-])[A-Za-z](?P<sep>[ .*_-])(?:[A-Za-z](?P=sep)){1,}[A-Za-z](?![\w*])"
)
# Links and email addresses are left exactly as written.
PROTECTED_RE = re.compile(
    "("
    + "|".join(p.pattern.removeprefix("(?i)") for p in (text.EMAIL_RE, text.URL_RE))
    + ")",
    re.IGNORECASE,
)
EDGE_PUNCTUATION = ".,;:!?\"'()[]{}"
REPEATS_RE = re.compile(r"([a-z])\1{2,}")
DOUBLES_RE = re.compile(r"([a-z])\1+")


def _by_length() -> dict[int, tuple[str, ...]]:
    ranked = [*PREFERRED, *sorted(lexicon.HURTFUL - set(PREFERRED))]
    table: dict[int, list[str]] = {}
    for word in ranked:
        table.setdefault(len(word), []).append(word)
    return {length: tuple(words) for length, words in table.items()}


HURTFUL_BY_LENGTH = _by_length()


def unmask(body: str) -> str:
    """``body`` with each disguised hurtful word written plainly; the rest as is."""
    parts = PROTECTED_RE.split(body)
    # re.split with one group alternates: text, link or email, text, ...
    return "".join(
        part if index % 2 else _unmask_prose(part) for index, part in enumerate(parts)
    )


def _unmask_prose(prose: str) -> str:
    prose = SPACED_RE.sub(_spaced_joined, prose)
    return " ".join(_token_unmasked(chunk) for chunk in prose.split(" "))


def _spaced_joined(match: re.Match[str]) -> str:
    letters = match.group(0).replace(match.group("sep"), "")
    plain = _hidden_word(letters.lower())
    spaced_out = len(letters) >= 4 or letters.islower()  # not "Plan A B C"
    if match.group("sep") == " " and spaced_out:
        return plain or letters  # spaced-out writing, whatever the word
    return plain or match.group(0)  # "U.S.A" and "x-y-z" stay as written


def _token_unmasked(chunk: str) -> str:
    core = chunk.strip(EDGE_PUNCTUATION.replace("!", ""))
    # Trailing "!" is punctuation, inner "!" may be an i ("sh!t!").
    core = core.rstrip("!") if len(core.rstrip("!")) >= 3 else core
    if len(core) < 3 or not any(ch.isalpha() for ch in core):
        return chunk
    plain = _hidden_word(core.lower())
    if plain is None or plain == core.lower():
        return chunk
    start = chunk.index(core)
    return chunk[:start] + plain + chunk[start + len(core) :]


@lru_cache(maxsize=2**14)
def _hidden_word(token: str) -> str | None:
    """The hurtful word ``token`` disguises, or None; a plain word answers itself."""
    if token in lexicon.HURTFUL:
        return token
    for candidate in _candidates(token):
        if candidate in lexicon.HURTFUL:
            return candidate
        if candidate in ALIASES:
            return ALIASES[candidate]
    if any(ch in MASKS for ch in token):
        return _masked_match(token)
    return None


def _candidates(token: str) -> list[str]:
    spellings = [token]
    if any(ch in LEET or ch == "1" for ch in token):
        spellings = [
            "".join(LEET.get(ch, one if ch == "1" else ch) for ch in token)
            for one in LEET_ONE
        ]
    found: list[str] = []
    for spelling in spellings:
        found += [
            spelling,
            REPEATS_RE.sub(r"\1", spelling),
            REPEATS_RE.sub(r"\1\1", spelling),
            DOUBLES_RE.sub(r"\1", spelling),
        ]
    return [c for c in dict.fromkeys(found) if c.isalpha()]


def _masked_match(token: str) -> str | None:
    """The first hurtful word of the same length whose letters agree with every
    letter shown; "f***" and "f******" fall back to the f-word's forms."""
    if not token[0].isalpha():
        return None
    shown = [(i, ch) for i, ch in enumerate(token) if ch.isalpha()]
    if len(shown) == len(token):
        return None
    for word in HURTFUL_BY_LENGTH.get(len(token), ()):
        if all(word[i] == ch for i, ch in shown):
            return word
    return None
