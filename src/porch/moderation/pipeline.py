"""One pipeline for every new comment: rules, bot traps and classifiers, explained.

Decision mapping (first match wins, but every reason found is recorded):

1. written by the host, an editor or the post's author → approve (``trusted``);
2. a bot trap (honeypot, form timing), the blocklist or a disallowed word → spam;
   so is a spam score at or above the host's "file as spam at or above"
   (``Thresholds.spam_file_at``): certain spam is not left for a person to wade
   through, and stays recoverable on the desk's Spam view;
3. a classifier score at or above the host's threshold, or a classifier failure
   ("automatic check failed") → hold;
4. a member's email typed without proof, links at or above the limit, a
   moderation word, manual approval, a first-time commenter → hold;
5. otherwise → approve.

The pipeline never removes a comment on its own: ``remove`` is a moderator's decision,
and spam stays recoverable until the retention period empties it. Everything that
needs the database (is the email known, which blocks are active) arrives in the
``ModerationContext`` as plain values, so this module is testable without one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from porch.moderation import rules
from porch.moderation.types import (
    LABELS,
    Classifier,
    Reason,
    Submission,
    Verdict,
)
from porch.moderation.verdicts import CHECK_FAILED, assess

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ModerationContext:
    """What the pipeline needs beyond the comment, computed by the caller.

    ``traps`` are the bot-trap reasons the form found (``rules.honeypot_reason``,
    ``rules.form_timing_reason``); ``moderation try`` passes none.
    ``uses_member_email``: written without signing in under the address of an
    account or author on the site, with no proof it is the writer's.
    """

    policy: rules.Policy = field(default_factory=rules.Policy)
    is_known_commenter: bool = False
    uses_member_email: bool = False
    is_trusted_writer: bool = False
    blocks: tuple[rules.BlockEntry, ...] = ()
    traps: tuple[Reason, ...] = ()


def _zero_scores() -> dict[str, float]:
    return dict.fromkeys(LABELS, 0.0)


def _classify(
    submission: Submission,
    context: ModerationContext,
    classifiers: Sequence[Classifier] | None,
) -> Verdict:
    try:
        return assess(submission, context.policy.thresholds, classifiers)
    except Exception as error:
        # The class name only: a message could quote the commenter's text.
        logger.error("moderation assess failed: %s", type(error).__name__)
        return Verdict(
            "hold",
            (Reason("check_failed", CHECK_FAILED, ("assess",)),),
            _zero_scores(),
        )


def _spam_reasons(submission: Submission, context: ModerationContext) -> list[Reason]:
    found = [
        *context.traps,
        rules.blocklist_reason(submission, context.blocks),
        rules.disallowed_words_reason(submission, context.policy),
    ]
    return [reason for reason in found if reason is not None]


def _hold_reasons(submission: Submission, context: ModerationContext) -> list[Reason]:
    policy = context.policy
    found = [
        rules.member_email_reason(uses_member_email=context.uses_member_email),
        rules.links_reason(submission, policy),
        rules.moderation_words_reason(submission, policy),
        rules.manual_approval_reason(policy),
        rules.first_time_reason(
            is_known_commenter=context.is_known_commenter, policy=policy
        ),
    ]
    return [reason for reason in found if reason is not None]


def _certain_spam(
    scores: dict[str, float], hold: list[Reason], context: ModerationContext
) -> list[Reason]:
    """The spam reason when the spam score files the comment as spam, else none."""
    if scores["spam"] < context.policy.thresholds.spam_file_at:
        return []
    if any(reason.code == "spam" for reason in hold):
        return []  # the classifier's own reason already says why
    return [Reason("spam", "Spam score high enough to file it as spam.")]


def moderate(
    submission: Submission,
    context: ModerationContext,
    classifiers: Sequence[Classifier] | None = None,
) -> Verdict:
    """Decide approve, hold or spam for a new comment, with every reason found.

    ``scores`` always holds all three labels. A classifier that fails holds the
    comment with "automatic check failed"; it never loses it. ``classifiers``
    defaults to the shipped ones.
    """
    if context.is_trusted_writer:
        reason = Reason(rules.TRUSTED, "Written by the host or the post's author.")
        return Verdict("approve", (reason,), _zero_scores())
    spam = _spam_reasons(submission, context)
    classified = _classify(submission, context, classifiers)
    hold = [*classified.reasons, *_hold_reasons(submission, context)]
    scores: dict[str, float] = {
        label: classified.scores.get(label, 0.0) for label in LABELS
    }
    if spam or scores["spam"] >= context.policy.thresholds.spam_file_at:
        return Verdict(
            "spam", (*spam, *_certain_spam(scores, hold, context), *hold), scores
        )
    if hold:
        return Verdict("hold", tuple(hold), scores)
    return Verdict("approve", (), scores)


def reasons_as_json(reasons: Sequence[Reason]) -> list[dict[str, object]]:
    """Reasons as stored on the comment and printed by ``moderation try``."""
    return [
        {"code": r.code, "message": r.message, "evidence": list(r.evidence)}
        for r in reasons
    ]
