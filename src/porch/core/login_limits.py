"""How often anyone may try to sign in: per address, and per account with backoff.

The per-address limit stops one machine guessing; the per-account one stops many
machines guessing one password (60 guesses from 60 addresses). Both are counted
before the password is checked, so a right guess past a limit fails too, and
concurrent guesses cannot all slip through between a check and a count.

An account's lock is kept for any name typed, existing or not, and says the same
either way: a refusal never tells whether an account exists.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

from porch.core.rate_limits import (
    ip_source,
    keyed_hash,
    rate_limit_hit,
    wait_in_words,
)

# (attempts, seconds) from one address.
LOGIN_LIMITS = ((10, 60), (100, 3600))
# Tries at one account name before it is locked, within this many seconds...
ACCOUNT_FREE_TRIES = 5
ACCOUNT_TRIES_SECONDS = 15 * 60
# ...then locked for a minute, twice as long at each lock after, at most an hour;
# the count of locks is forgotten a day after the last.
ACCOUNT_FIRST_LOCK_SECONDS = 60
ACCOUNT_LONGEST_LOCK_SECONDS = 3600
ACCOUNT_LOCKS_REMEMBERED_SECONDS = 24 * 3600


@dataclass(frozen=True)
class LoginRefused:
    """Why a sign-in was refused before its password was checked, and for how long."""

    message: str
    retry_after: int


def _account_key(username: str, part: str) -> str:
    # A keyed hash: no typed name (a password pasted in the wrong box) is readable
    # in the cache.
    name = keyed_hash(f"account:{username.strip().casefold()}")[:24]
    return f"login-account:{name}:{part}"


def login_attempt_check(*, ip: str, username: str) -> LoginRefused | None:
    """Count one sign-in attempt from ``ip`` at ``username``; a refusal, or None.

    Call before checking the password, and ``login_succeeded`` after a success.
    """
    hit = rate_limit_hit(
        scope="login-rate", sources=[ip_source(ip)], limits=LOGIN_LIMITS
    )
    if hit is not None:
        return LoginRefused(
            _(
                "Too many sign-in attempts from your network. "
                "Please wait %(wait)s and try again."
            )
            % {"wait": wait_in_words(hit.retry_after)},
            hit.retry_after,
        )
    if not username.strip():
        return None  # the form answers "this field is required"
    wait = _account_locked_for(username) or _account_try_count(username)
    if wait is None:
        return None
    return LoginRefused(
        _(
            "Too many sign-in attempts for this username. Please wait %(wait)s and "
            "try again, or ask the site's host to reset the password."
        )
        % {"wait": wait_in_words(wait)},
        wait,
    )


def _account_locked_for(username: str) -> int | None:
    ends = cache.get(_account_key(username, "locked"))
    if not isinstance(ends, float):
        return None
    left = int(ends - time.time()) + 1
    return left if left > 0 else None


def _account_try_count(username: str) -> int | None:
    """Count a try at ``username``; past the free tries, lock it and say for how long.

    Of concurrent tries past the limit only the first sets the lock (``cache.add``),
    so a burst of guesses is one lock, not one doubling per guess.
    """
    tries = _account_key(username, "tries")
    cache.add(tries, 0, timeout=ACCOUNT_TRIES_SECONDS)
    try:
        count = cache.incr(tries)
    except ValueError:  # the window ended between add and incr
        cache.set(tries, 1, timeout=ACCOUNT_TRIES_SECONDS)
        count = 1
    if count <= ACCOUNT_FREE_TRIES:
        return None
    locks_key = _account_key(username, "locks")
    locks = int(cache.get(locks_key, 0)) + 1
    doubled = ACCOUNT_FIRST_LOCK_SECONDS * int(2 ** min(locks - 1, 12))
    seconds = min(doubled, ACCOUNT_LONGEST_LOCK_SECONDS)
    if cache.add(_account_key(username, "locked"), time.time() + seconds, seconds):
        cache.set(locks_key, locks, timeout=ACCOUNT_LOCKS_REMEMBERED_SECONDS)
        cache.delete(tries)
        return seconds
    return _account_locked_for(username) or ACCOUNT_FIRST_LOCK_SECONDS


def login_succeeded(*, username: str) -> None:
    """Forget the tries and locks at ``username``: its owner has just signed in."""
    cache.delete_many(
        [_account_key(username, "tries"), _account_key(username, "locks")]
    )
