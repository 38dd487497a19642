"""The rendered discussion of a post, cached under a version that any change replaces.

Every cached page of a post's discussion carries the post's current version token in
its key; saving or deleting a comment, or saving the post, gives the post a new token
(after the transaction commits, so a page rendered meanwhile from the old rows is
never stored under the new one). Bulk writes send no signals: whoever writes that
way calls ``discussion_cache_drop``, and entries expire after a few minutes anyway,
which also bounds how long a change of login role (the Host badge) goes unseen.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

DISCUSSION_CACHE_SECONDS = 300
_VERSION_KEY = "discussion:version:{post_id}"
# Part of every key, so a deploy whose templates render differently never serves
# the pages the previous one cached in a shared cache.
_LAYOUT = "1"


def discussion_cache_key(*, post_id: int, parts: tuple[object, ...]) -> str:
    """The cache key for one rendering of ``post_id``'s discussion, at its version."""
    version_key = _VERSION_KEY.format(post_id=post_id)
    version = cache.get(version_key)
    if version is None:
        cache.add(version_key, secrets.token_hex(8), None)
        version = cache.get(version_key)
    rest = ":".join(str(part) for part in parts)
    return f"discussion:{_LAYOUT}:{post_id}:{version}:{rest}"


def discussion_cache_drop(*, post_id: int) -> None:
    """Forget every cached rendering of ``post_id``'s discussion, now and on commit.

    Now, so this transaction's own next read sees the change; again on commit,
    because another request may have cached the old rows in between.
    """
    version_key = _VERSION_KEY.format(post_id=post_id)

    def renew() -> None:
        cache.set(version_key, secrets.token_hex(8), None)

    renew()
    transaction.on_commit(renew)


def _comment_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    discussion_cache_drop(post_id=instance.post_id)


def _post_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    discussion_cache_drop(post_id=instance.pk)


def discussion_cache_connect() -> None:
    """Drop a post's cached discussion whenever one of its comments or it changes."""
    for signal in (post_save, post_delete):
        signal.connect(
            _comment_changed, sender="comments.Comment", dispatch_uid="porch-dc-c"
        )
        signal.connect(_post_changed, sender="blog.Post", dispatch_uid="porch-dc-p")
