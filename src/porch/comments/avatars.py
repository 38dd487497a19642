"""Avatars drawn from a keyed hash: no third-party service ever sees an email.

Gravatar-style avatars publish an unsalted MD5 of the email, which a dictionary of
addresses reverses; an HMAC with the site's secret key cannot be matched elsewhere.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Avatar:
    initials: str
    hue: int


def avatar_for(*, email: str, name: str) -> Avatar:
    """Initials of ``name`` on a colour chosen by a keyed hash of ``email``."""
    seed = (email.strip().lower() or name.strip()).encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), b"avatar:" + seed, hashlib.sha256)
    hue = int.from_bytes(digest.digest()[:2], "big") % 360
    words = [word for word in name.split() if word[:1].isalnum()]
    initials = "".join(word[0] for word in words[:2]).upper() or "?"
    return Avatar(initials=initials, hue=hue)
