"""Forgetting a commenter's words: what erasing their personal data asks of moderation.

The audit log keeps who did what to which comment and when, but no longer the text
(snapshots, edits, and the evidence quoted from it); the examples that hold the text
are deleted, and where another comment's example quotes it as the text replied to,
the quote goes. The site's adapter learned from those examples, so it is refitted
without them after the commit (its file removed when no example is left).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from porch.moderation.models import ModerationEvent, ModerationExample
from porch.moderation.tasks import adapter_refit_soon


@dataclass(frozen=True)
class Forgotten:
    """How many rows of moderation's tables an erasure changed."""

    events_blanked: int
    examples_deleted: int
    quotes_blanked: int


def reasons_without_evidence(reasons: Any) -> list[dict[str, Any]]:
    """Stored reasons with their evidence dropped: the words quoted from a comment,
    its website's or email's domain. Codes and messages say nothing of the writer."""
    if not isinstance(reasons, list):
        return []
    return [
        {**reason, "evidence": []} if isinstance(reason, dict) else reason
        for reason in reasons
    ]


def quoting_filter(
    *, reply_ids: Collection[int], texts: Collection[str], names: Collection[str]
) -> Q:
    """Examples that quote a comment as the text replied to: those of its replies,
    and, for replies since deleted, those quoting the same text under the same name
    (text alone would catch another writer's "Thanks!")."""
    return Q(comment_id__in=reply_ids) | Q(
        parent_text__in=[text for text in texts if text],
        parent_author_name__in=list(names),
    )


@transaction.atomic
def moderation_text_forget(
    *,
    comment_ids: Collection[int],
    reply_ids: Collection[int],
    texts: Collection[str],
    names: Collection[str],
) -> Forgotten:
    """Drop every copy moderation keeps of the comments ``comment_ids``' text.

    ``reply_ids`` are the replies to them, whose examples quote their parent's text
    and name; ``texts`` and ``names`` (the comments' own) also find such quotes whose
    reply is gone. Queues a refit of the site's adapter after the commit when an
    example changed. Comments themselves are the caller's.
    """
    events = list(
        ModerationEvent.objects.filter(comment_id__in=comment_ids).only("reasons")
    )
    for event in events:
        event.text_snapshot = event.text_before = event.text_after = ""
        event.reasons = reasons_without_evidence(event.reasons)
    ModerationEvent.objects.bulk_update(
        events, ["text_snapshot", "text_before", "text_after", "reasons"], 500
    )
    examples_deleted, _ = ModerationExample.objects.filter(
        comment_id__in=comment_ids
    ).delete()
    quoting = quoting_filter(reply_ids=reply_ids, texts=texts, names=names)
    quotes = ModerationExample.objects.filter(quoting)
    quotes_blanked = quotes.exclude(parent_text="", parent_author_name="").update(
        parent_text="", parent_author_name=""
    )
    if examples_deleted or quotes_blanked:
        adapter_refit_soon()
    return Forgotten(len(events), examples_deleted, quotes_blanked)
