"""Moderation decisions on comments: what each one does, and the automatic verdict.

``DECISIONS`` is the one table of moderation actions: the status each leaves the
comment in, the label its learning example gets, the wording of the removal notice
and the desk's name and button for it. The pipeline's verdicts (``approve``,
``hold``, ``spam``, ``remove``) are decisions too, so ``comment_verdict_apply`` reads
the same table. The moderator's side (the desk) lives in ``porch.desk``; this module
holds only what ``comment_submit`` needs, since comments may not import the desk.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from porch.blog.models import Post
from porch.comments.identity import CommenterStanding, commenter_standing
from porch.comments.models import Comment
from porch.core.models import SiteSettings
from porch.moderation.models import BlockRule, ModerationEvent, ModerationExample
from porch.moderation.pipeline import ModerationContext, reasons_as_json
from porch.moderation.rules import BlockEntry, policy_from_site
from porch.moderation.types import Reason, Submission, Verdict

Action = ModerationEvent.Action
Label = ModerationExample.Label
Status = Comment.Status


@dataclass(frozen=True)
class Decision:
    """One moderation action on a comment.

    ``example_label`` is None for ``hold`` (no judgement of the comment's worth);
    ``removal_rule`` completes "was removed because ..." in the removal notice;
    ``desk_key``, ``desk_label`` and ``desk_done`` are the desk's form value, button
    and confirmation (empty for actions the desk offers no button for).
    """

    action: str
    status: str
    example_label: str | None
    removal_rule: str = ""
    desk_key: str = ""
    desk_label: str = ""
    desk_done: str = ""


DECISIONS: dict[str, Decision] = {
    decision.action: decision
    for decision in (
        Decision(
            Action.APPROVE,
            Status.APPROVED,
            Label.APPROVE,
            desk_key="approve",
            desk_label="Approve",
            desk_done="Approved",
        ),
        Decision(Action.HOLD, Status.PENDING, None),
        Decision(
            Action.SPAM,
            Status.SPAM,
            Label.SPAM,
            desk_key="spam",
            desk_label="Mark spam",
            desk_done="Marked as spam",
        ),
        Decision(
            Action.REMOVE_OFFENSIVE,
            Status.REMOVED,
            Label.OFFENSIVE,
            removal_rule="it was offensive",
            desk_key="offensive",
            desk_label="Remove as offensive",
            desk_done="Removed as offensive",
        ),
        Decision(
            Action.REMOVE_OFF_TOPIC,
            Status.REMOVED,
            Label.OFF_TOPIC,
            removal_rule="it was off-topic",
            desk_key="off_topic",
            desk_label="Remove as off-topic",
            desk_done="Removed as off-topic",
        ),
        Decision(
            Action.REMOVE,
            Status.REMOVED,
            Label.REMOVE,
            removal_rule="it broke the comment policy",
        ),
    )
}


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
    standing: CommenterStanding | None = None,
) -> ModerationContext:
    """Read what the pipeline needs from the database: settings, where the commenter
    stands (``commenter_standing``; by default judged on the address's history
    alone, as ``porch moderation try`` does) and the active block rules."""
    if standing is None:
        standing = commenter_standing(post=post, name="", email=email, user=user)
    blocks = tuple(
        BlockEntry(rule.kind, rule.value, rule.reason)
        for rule in BlockRule.objects.active(now=now)
    )
    return ModerationContext(
        policy=policy_from_site(SiteSettings.current()),
        is_known_commenter=standing.is_known_commenter,
        is_trusted_writer=standing.is_trusted_writer,
        uses_member_email=standing.uses_member_email,
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
    comment.status = DECISIONS[verdict.decision].status
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
