"""Blocking commenters: add a block rule, change one, lift one; each is logged.

The desk blocks from a held comment or a typed value (``commenter_block``); the
admin adds, edits and deletes rules by hand (``block_rule_save``,
``block_rule_lift``). Every path writes its ``ModerationEvent`` in the same
transaction as the rule, so the audit log knows who blocked whom, and who let them
back in.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from porch.blog.access import user_may_moderate, user_moderates_every_post
from porch.comments.models import STORED_IP_PREFIX, Comment
from porch.desk.errors import ModerationRefusedError
from porch.moderation.models import BlockRule, ModerationEvent

BLOCK_CHANGE = ModerationEvent.Action.BLOCK_CHANGE
UNBLOCK = ModerationEvent.Action.UNBLOCK


def _block_value_for(comment: Comment, kind: str) -> str:
    if kind == BlockRule.Kind.EMAIL:
        return comment.author_email
    if kind == BlockRule.Kind.DOMAIN:
        return comment.author_email.rpartition("@")[2]
    try:  # the stored address is already truncated to its network
        address = ipaddress.ip_address(comment.ip)
    except ValueError:
        raise ModerationRefusedError(
            "This comment's IP is stored hashed, so it cannot be blocked by IP range."
        ) from None
    return f"{address}/{STORED_IP_PREFIX[address.version]}"


def _block_event(
    *, rule: BlockRule, actor: AbstractBaseUser, action: str, comment: Comment | None
) -> ModerationEvent:
    return ModerationEvent.objects.create(
        comment=comment,
        actor_id=actor.pk,
        action=action,
        reasons=[
            {"code": f"block:{rule.kind}", "message": rule.reason, "evidence": []}
        ],
        text_snapshot=comment.body if comment else "",
    )


@transaction.atomic
def block_rule_save(
    *, rule: BlockRule, actor: AbstractBaseUser, comment: Comment | None = None
) -> BlockRule:
    """Validate and save ``rule``, new or changed, and log it.

    A new rule is logged as ``block`` (about ``comment`` if it came from one) and
    remembers ``actor`` as its author; a changed one as ``block_change``. Whoever
    calls has checked that ``actor`` may (the admin by its permissions). Raises
    ``ValidationError`` for a malformed value; nothing is saved then.
    """
    is_new = rule.pk is None
    if is_new:
        rule.created_by_id = actor.pk
    rule.full_clean()
    rule.save()
    action = ModerationEvent.Action.BLOCK if is_new else BLOCK_CHANGE
    _block_event(rule=rule, actor=actor, action=action, comment=comment)
    return rule


@transaction.atomic
def block_rule_lift(*, rule: BlockRule, actor: AbstractBaseUser) -> None:
    """Delete ``rule``, so matching commenters may comment again; logs ``unblock``."""
    _block_event(rule=rule, actor=actor, action=UNBLOCK, comment=None)
    rule.delete()


def commenter_block(
    *,
    actor: AbstractBaseUser,
    kind: str,
    value: str = "",
    comment: Comment | None = None,
    reason: str = "",
    expires_at: datetime | None = None,
) -> BlockRule:
    """Block an email, a domain or an IP range until ``expires_at`` (None: for good).

    With ``comment``, the value is taken from that comment (its email, its email's
    domain, or its stored IP's /24 or /48 network) and the actor must be allowed to
    moderate its post; without, only hosts and editors may block. A domain or an IP
    range shuts out many people at once, site-wide: only hosts and editors may;
    authors and guest contributors block the exact email, from a comment on their
    own post. Logs a ``block`` event. Raises ``ModerationRefusedError`` (nothing
    written) for a block the actor may not make, ``ValidationError`` for a
    malformed value.
    """
    everywhere = user_moderates_every_post(actor)
    allowed = (
        user_may_moderate(actor, comment.post) if comment is not None else everywhere
    )
    if not allowed:
        raise ModerationRefusedError("You may not block commenters here.")
    if not everywhere and kind != BlockRule.Kind.EMAIL:
        raise ModerationRefusedError(
            "Only the host and editors may block a whole domain or IP range; "
            "you may block this commenter's email address."
        )
    if comment is not None:
        value = _block_value_for(comment, kind)
    rule = BlockRule(kind=kind, value=value, reason=reason, expires_at=expires_at)
    return block_rule_save(rule=rule, actor=actor, comment=comment)
