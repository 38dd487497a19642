"""Avatars drawn from a keyed hash: no third-party service ever sees an email.

Gravatar-style avatars publish an unsalted MD5 of the email, which a dictionary of
addresses reverses; an HMAC with the site's secret key cannot be matched elsewhere.
The colour is one of a fixed palette of classes (``comment__avatar--0`` to ``--11`` in
``discussion.css``), since the Content-Security-Policy admits no inline style.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings

# Twelve hues 30 degrees apart, as many as the stylesheet has classes.
PALETTE_SIZE = 12


@dataclass(frozen=True)
class Avatar:
    initials: str
    colour: int  # 0 to PALETTE_SIZE - 1

    @property
    def css_class(self) -> str:
        return f"comment__avatar--{self.colour}"


def avatar_for(*, email: str, name: str) -> Avatar:
    """Initials of ``name`` on a colour chosen by a keyed hash of ``email``."""
    seed = (email.strip().lower() or name.strip()).encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), b"avatar:" + seed, hashlib.sha256)
    colour = int.from_bytes(digest.digest()[:2], "big") % PALETTE_SIZE
    words = [word for word in name.split() if word[:1].isalnum()]
    initials = "".join(word[0] for word in words[:2]).upper() or "?"
    return Avatar(initials=initials, colour=colour)
