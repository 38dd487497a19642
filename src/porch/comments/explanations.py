"""Why a writer's own comment is held or removed, in plain words for the writer.

One table turns the moderation reason codes stored on a comment into sentences its
writer reads under it; ``DECISIONS`` (``comments.verdicts``) holds the removal's
rule. A writer is told what kind of check held them and never how it decided:
no scores, no evidence, nothing about block rules or other people. A code with no
sentence yet (a rule added later) reads as a plain wait for the host's review.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from porch.comments.models import Comment
from porch.comments.verdicts import DECISIONS
from porch.moderation.models import ModerationEvent

REMOVE = ModerationEvent.Action.REMOVE
# The moderator's removals, newest of which says why a comment is gone.
REMOVALS = tuple(action for action, d in DECISIONS.items() if d.removal_rule)
# Every action that sets a comment's status, the pipeline's (auto_*) included.
DECISION_ACTIONS = (*DECISIONS, *(f"auto_{action}" for action in DECISIONS))

HELD_BECAUSE = {
    "offensive": _(
        "it may be offensive — the comment policy asks to keep the discussion civil"
    ),
    "off_topic": _(
        "it looks off-topic for this post — the comment policy asks to stay on topic"
    ),
    "spam": _("it looks like spam"),
    "first_time": _("your first comment here waits for the host's approval"),
    "links": _("it has many links"),
    "rule:moderation_words": _("it uses a word the host reviews"),
    "rule:manual_approval": _("the host reads every comment before it appears"),
    "member_email": _("it uses the email of a member of this site"),
    "check_failed": _("automatic check failed"),
}
WAITS_FOR_REVIEW = _("it waits for the host's review")


def held_explanation(reasons: Iterable[object]) -> str:
    """ "Held for review: ..." from a comment's stored ``moderation_reasons``."""
    phrases: list[str] = []
    for raw in reasons:
        code = raw.get("code", "") if isinstance(raw, dict) else ""
        phrase = str(HELD_BECAUSE.get(str(code), WAITS_FOR_REVIEW))
        if phrase not in phrases:
            phrases.append(phrase)
    said = "; ".join(phrases) or str(WAITS_FOR_REVIEW)
    return gettext("Held for review: %(why)s.") % {"why": said}


def removed_explanation(action: str) -> str:
    """ "Removed by the moderator: ..." for the moderator's removal ``action``."""
    decision = DECISIONS.get(action)
    rule = (decision.removal_rule if decision else "") or DECISIONS[REMOVE].removal_rule
    return gettext("Removed by the moderator: %(rule)s.") % {"rule": rule}


def writer_notes_for(
    *, held_ids: Collection[int], removed_ids: Collection[int]
) -> dict[int, str]:
    """Id -> why, for a writer's own held and removed comments (their ids only).

    A removed comment gets a note only when a moderator removed it (its newest
    decision is a removal); one its writer withdrew stays unexplained. One query
    for each kind, none when there is none.
    """
    notes: dict[int, str] = {}
    if held_ids:
        held = Comment.objects.filter(
            pk__in=list(held_ids), status=Comment.Status.PENDING
        )
        for pk, reasons in held.values_list("pk", "moderation_reasons"):
            notes[pk] = held_explanation(reasons or [])
    if removed_ids:
        decided = ModerationEvent.objects.filter(
            comment_id__in=list(removed_ids), action__in=DECISION_ACTIONS
        ).order_by("comment_id", "-created_at", "-pk")
        newest: dict[int, str] = {}
        for pk, action in decided.values_list("comment_id", "action"):
            newest.setdefault(pk, action)
        for pk, action in newest.items():
            if action in REMOVALS:
                notes[pk] = removed_explanation(action)
    return notes
