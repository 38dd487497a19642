"""Moderation writes on comments: the automatic verdict and every moderator's action.

Each action changes the comment, writes a ``ModerationEvent`` (the audit log) and, for
a decision about the comment's worth, a ``ModerationExample`` (the learning loop), all
in one transaction. Who may act is ``user_may_moderate``; a refusal changes nothing.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Collection
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from porch.blog.models import Post
from porch.comments import notifications
from porch.comments.mail import one_line
from porch.comments.models import STORED_IP_PREFIX, Comment
from porch.core.errors import PorchError
from porch.core.models import SiteSettings
from porch.core.sanitize import render_comment_markdown
from porch.moderation.models import BlockRule, ModerationEvent, ModerationExample
from porch.moderation.pipeline import ModerationContext, reasons_as_json
from porch.moderation.rules import BlockEntry, policy_from_site
from porch.moderation.tasks import adapter_train_soon
from porch.moderation.types import Reason, Submission, Verdict
from porch.people import roles

logger = logging.getLogger(__name__)

Action = ModerationEvent.Action
# What each moderator action does: the new status and the example's label.
ACTIONS: dict[str, tuple[str, str | None]] = {
    Action.APPROVE: (Comment.Status.APPROVED, ModerationExample.Label.APPROVE),
    Action.HOLD: (Comment.Status.PENDING, None),
    Action.SPAM: (Comment.Status.SPAM, ModerationExample.Label.SPAM),
    Action.REMOVE_OFFENSIVE: (
        Comment.Status.REMOVED,
        ModerationExample.Label.OFFENSIVE,
    ),
    Action.REMOVE_OFF_TOPIC: (
        Comment.Status.REMOVED,
        ModerationExample.Label.OFF_TOPIC,
    ),
    Action.REMOVE: (Comment.Status.REMOVED, ModerationExample.Label.REMOVE),
}
DECISION_STATUS = {
    "approve": Comment.Status.APPROVED,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "remove": Comment.Status.REMOVED,
}
REMOVAL_RULES: dict[str, str] = {
    Action.REMOVE_OFFENSIVE: "it was offensive",
    Action.REMOVE_OFF_TOPIC: "it was off-topic",
    Action.REMOVE: "it broke the comment policy",
}


class ModerationRefusedError(PorchError):
    """A moderator action that is not allowed or makes no sense; nothing changed."""


def user_may_moderate(user: AbstractBaseUser | AnonymousUser, post: Post) -> bool:
    """Hosts and editors moderate every post; an author their own posts; a guest
    contributor their own posts when the host allows it (on by default)."""
    role = roles.user_role(user)
    if role in {roles.HOST, roles.EDITOR}:
        return True
    owns = user.is_authenticated and post.author.user_id == user.pk
    if role == roles.AUTHOR:
        return owns
    if role == roles.GUEST_CONTRIBUTOR:
        return owns and SiteSettings.current().moderation_guest_authors_moderate
    return False


def comment_submission(comment: Comment, *, ip: str | None = None) -> Submission:
    """``comment`` with its post and parent as moderation sees it.

    ``ip`` is the raw address at submission time; stored comments only keep a
    truncated or hashed one.
    """
    post, parent = comment.post, comment.parent
    return Submission(
        body=comment.body,
        author_name=comment.author_name,
        author_email=comment.author_email,
        author_url=comment.author_url,
        ip=comment.ip if ip is None else ip,
        post_title=post.title,
        post_text=post.body,
        post_questions=tuple(post.question_list),
        parent_body=parent.body if parent else "",
        parent_author_name=parent.author_name if parent else "",
    )


def moderation_context_for(
    *,
    post: Post,
    email: str,
    user: AbstractBaseUser | None = None,
    traps: Collection[Reason] = (),
    now: datetime | None = None,
) -> ModerationContext:
    """Read what the pipeline needs from the database: settings, the commenter's
    history and the active block rules."""
    email = email.strip()
    known = bool(email) and (
        Comment.objects.filter(
            author_email__iexact=email, status=Comment.Status.APPROVED
        ).exists()
    )
    trusted = user is not None and (
        bool(getattr(user, "is_staff", False)) or user.pk == post.author.user_id
    )
    blocks = tuple(
        BlockEntry(rule.kind, rule.value, rule.reason)
        for rule in BlockRule.objects.active(now=now)
    )
    return ModerationContext(
        policy=policy_from_site(SiteSettings.current()),
        is_known_commenter=known,
        is_trusted_writer=trusted,
        blocks=blocks,
        traps=tuple(traps),
    )


def comment_verdict_apply(
    *, comment: Comment, verdict: Verdict, now: datetime | None = None
) -> ModerationEvent:
    """Store the pipeline's verdict on a new comment and log it (``auto_*``).

    Call inside the transaction that saved the comment. Sets the status but sends
    nothing: ``comment_submit`` tells people once the comment is committed. The
    event is stamped ``now`` (default: the clock's time).
    """
    comment.status = DECISION_STATUS[verdict.decision]
    comment.moderation_reasons = reasons_as_json(verdict.reasons)
    comment.moderation_scores = dict(verdict.scores)
    comment.moderation_risk = max(verdict.scores.values(), default=0.0)
    comment.save(
        update_fields=[
            "status",
            "moderation_reasons",
            "moderation_scores",
            "moderation_risk",
        ]
    )
    return ModerationEvent.objects.create(
        comment=comment,
        action=f"auto_{verdict.decision}",
        reasons=comment.moderation_reasons,
        scores=comment.moderation_scores,
        text_snapshot=comment.body,
        created_at=now or timezone.now(),
    )


def _example_record(
    *, comment: Comment, label: str, actor: AbstractBaseUser, now: datetime | None
) -> ModerationExample:
    seen = comment_submission(comment)
    example = ModerationExample.objects.create(
        comment=comment,
        label=label,
        text=comment.body,
        author_name=comment.author_name,
        author_url=comment.author_url,
        post_title=seen.post_title,
        post_text=seen.post_text,
        post_questions="\n".join(seen.post_questions),
        parent_text=seen.parent_body,
        parent_author_name=seen.parent_author_name,
        actor_id=actor.pk,
        created_at=now or timezone.now(),
    )
    adapter_train_soon()  # the learning loop: refit the site's adapter after commit
    return example


def _check_may_moderate(actor: AbstractBaseUser, post: Post) -> None:
    if not user_may_moderate(actor, post):
        raise ModerationRefusedError("You may not moderate comments on this post.")


@transaction.atomic
def comment_moderate(
    *,
    comment: Comment,
    actor: AbstractBaseUser,
    action: str,
    note: str = "",
    now: datetime | None = None,
    notify: bool = True,
) -> Comment:
    """Apply a moderator's decision: approve, hold, spam, remove_offensive,
    remove_off_topic or remove.

    Writes the event (``note`` becomes its reason) and, except for ``hold``, a
    labeled example. Approving tells subscribers after the commit; removing emails
    the commenter which rule was broken when the host turned that on. Raises
    ``ModerationRefusedError`` (nothing changed) for an unknown action or an actor
    who may not moderate the post. Use ``comment_edit_by_moderator`` for edits.

    ``now`` stamps the change, its event and example (default: the clock's time);
    ``notify=False`` tells nobody, for writers of past history like ``porch demo``.
    """
    if action not in ACTIONS:
        raise ModerationRefusedError(f"Unknown moderation action {action!r}.")
    _check_may_moderate(actor, comment.post)
    status, label = ACTIONS[action]
    was = comment.status
    comment.status = status
    comment.save(update_fields=["status", "updated_at"])
    if now is not None:  # updated_at is stamped by the clock on save (auto_now)
        comment.updated_at = now
        Comment.objects.filter(pk=comment.pk).update(updated_at=now)
    reasons = [{"code": "moderator", "message": note, "evidence": []}] if note else []
    ModerationEvent.objects.create(
        comment=comment,
        actor_id=actor.pk,
        action=action,
        reasons=reasons,
        scores=comment.moderation_scores,
        text_snapshot=comment.body,
        created_at=now or timezone.now(),
    )
    if label is not None:
        _example_record(comment=comment, label=label, actor=actor, now=now)
    comment_id = comment.pk
    if notify and status == Comment.Status.APPROVED and was != status:
        transaction.on_commit(
            lambda: notifications.comment_approved(comment_id=comment_id)
        )
    if notify and _removal_to_tell(comment, action=action, was=was):
        transaction.on_commit(
            lambda: comment_removal_notify.enqueue(comment_id=comment_id, action=action)
        )
    return comment


def _removal_to_tell(comment: Comment, *, action: str, was: str) -> bool:
    return bool(
        action in REMOVAL_RULES
        and was != comment.status
        and comment.author_email
        and SiteSettings.current().moderation_email_commenter_on_removal
    )


@transaction.atomic
def comment_edit_by_moderator(
    *, comment: Comment, actor: AbstractBaseUser, body: str
) -> Comment:
    """Replace a comment's text (a moderator's edit); the event keeps both texts.

    Raises ``ModerationRefusedError`` for an empty text or an actor who may not
    moderate the post; nothing changes then.
    """
    _check_may_moderate(actor, comment.post)
    before, after = comment.body, body.strip()
    if not after:
        raise ModerationRefusedError("A comment cannot be edited down to nothing.")
    comment.body = after
    comment.body_html = render_comment_markdown(after)
    comment.full_clean(exclude=["path", "parent", "post", "user"])
    comment.save(update_fields=["body", "body_html", "updated_at"])
    ModerationEvent.objects.create(
        comment=comment,
        actor_id=actor.pk,
        action=Action.EDIT,
        text_snapshot=after,
        text_before=before,
        text_after=after,
    )
    return comment


@task()
def comment_removal_notify(comment_id: int, action: str) -> int:
    """Email a commenter that their comment was removed and which rule it broke.

    Returns the number of emails sent (0 if the comment is gone or back on show).
    """
    comment = Comment.objects.select_related("post").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.REMOVED:
        return 0
    site = SiteSettings.current()
    policy = comment.post.comment_policy or site.comment_policy
    body = (
        f"Hello {comment.author_name},\n\n"
        f"Your comment on \u201c{comment.post.title}\u201d was removed because "
        f"{REMOVAL_RULES.get(action, REMOVAL_RULES[Action.REMOVE])}.\n\n"
        f"The comment policy:\n{policy}\n\nYour comment was:\n{comment.body}\n"
    )
    sent = send_mail(
        subject=one_line(
            f"Your comment on \u201c{comment.post.title}\u201d was removed"
        ),
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[comment.author_email],
    )
    logger.info("Sent %d removal notice(s) for comment %d", sent, comment_id)
    return int(sent)


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


@transaction.atomic
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
    moderate its post; without, only hosts and editors may block. Logs a ``block``
    event. Raises ``ValidationError`` for a malformed value.
    """
    allowed = (
        user_may_moderate(actor, comment.post)
        if comment is not None
        else roles.user_role(actor) in {roles.HOST, roles.EDITOR}
    )
    if not allowed:
        raise ModerationRefusedError("You may not block commenters here.")
    if comment is not None:
        value = _block_value_for(comment, kind)
    rule = BlockRule(
        kind=kind,
        value=value,
        reason=reason,
        expires_at=expires_at,
        created_by_id=actor.pk,
    )
    rule.full_clean()
    rule.save()
    ModerationEvent.objects.create(
        comment=comment,
        actor_id=actor.pk,
        action=Action.BLOCK,
        reasons=[{"code": f"block:{kind}", "message": reason, "evidence": []}],
        text_snapshot=comment.body if comment else "",
    )
    return rule


@transaction.atomic
def spam_purge(*, now: datetime | None = None) -> int:
    """Delete spam older than the host's retention period; returns how many.

    The audit log keeps each comment's snapshot and id. Spam with replies is kept
    (replies hang under it); it goes once they are gone.
    """
    days = SiteSettings.current().moderation_spam_retention_days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = Comment.objects.filter(
        status=Comment.Status.SPAM, updated_at__lt=cutoff, replies__isnull=True
    )
    doomed = dict(old.values_list("pk", "body"))
    if not doomed:
        return 0
    ModerationEvent.objects.bulk_create(
        ModerationEvent(comment_id=pk, action=Action.PURGE, text_snapshot=body)
        for pk, body in doomed.items()
    )
    Comment.objects.filter(pk__in=doomed).delete()
    return len(doomed)
