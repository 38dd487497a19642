"""Personal-data requests: hand a commenter their data, or erase it; each audited.

Erasing keeps the discussion readable: by default the comments stay, under the name
"Anonymous" with no email, website, IP or browser; with ``delete`` they go, except
those other people replied to, which stay as the "This comment was removed."
placeholder (the thread rule of removals) with their text and name gone. Either way
the commenter's subscriptions, confirmed address and blocks on the address go, and
moderation forgets the text (``porch.moderation.forgetting``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from porch.comments.models import Comment
from porch.core.page_cache import page_cache_invalidate
from porch.moderation.forgetting import moderation_text_forget, reasons_without_evidence
from porch.privacy.matching import Commenter, address_digest, commenter_for
from porch.privacy.models import PrivacyRequest
from porch.privacy.selectors import personal_data_document

ANONYMOUS = "Anonymous"
# A removed comment is never shown, but the row needs some text (a constraint).
ERASED_TEXT = "(erased)"
# What a comment keeps of its writer once anonymised or kept as a placeholder.
WRITER_FIELDS = {
    "author_name": ANONYMOUS,
    "author_email": "",
    "author_url": "",
    "ip": "",
    "user_agent": "",
    "user": None,
    "is_email_proven": False,
    # The said-once rule's hash is of the email and the text: gone with the email.
    "fingerprint": None,
}
Actor = AbstractBaseUser | AnonymousUser | None


def _audit(
    *, action: str, commenter: Commenter, actor: Actor, via: str, counts: Any
) -> PrivacyRequest:
    return PrivacyRequest.objects.create(
        action=action,
        via=via,
        email_digest=address_digest(commenter.address),
        counts=counts,
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
    )


@transaction.atomic
def personal_data_export(*, email: str, actor: Actor, via: str) -> dict[str, Any]:
    """Everything Porch keeps about the commenter writing as ``email`` (the document
    of ``porch.privacy.selectors``), with the export audited.

    Raises ``PrivacyRequestError`` for an address that is not one.
    """
    commenter = commenter_for(email)
    document = personal_data_document(commenter=commenter)
    counts = {
        "comments": len(document["comments"]),
        "subscriptions": len(document["subscriptions"]),
        "accounts": len(document["accounts"]),
    }
    _audit(
        action=PrivacyRequest.Action.EXPORT,
        commenter=commenter,
        actor=actor,
        via=via,
        counts=counts,
    )
    return document


def _writer_forget(comment: Comment, **more: Any) -> None:
    for field, value in {**WRITER_FIELDS, **more}.items():
        setattr(comment, field, value)
    # One save each, so the page cache and discussion fingerprints hear of it.
    comment.save(update_fields=[*WRITER_FIELDS, *more, "updated_at"])


def _comments_anonymise(comments: list[Comment]) -> int:
    for comment in comments:
        _writer_forget(
            comment,
            moderation_reasons=reasons_without_evidence(comment.moderation_reasons),
        )
    return len(comments)


def _with_others_below(comments: list[Comment], ids: Collection[int]) -> set[int]:
    """Those of ``comments`` with a reply, at any depth, that is not one of them."""
    below: set[int] = set()
    others = (
        Comment.objects.filter(
            post_id__in={comment.post_id for comment in comments}, parent__isnull=False
        )
        .exclude(pk__in=ids)
        .values_list("path", flat=True)
    )
    for path in others.iterator():
        below.update(int(part) for part in path.split("/")[:-1] if int(part) in ids)
    return below


def _comments_delete(comments: list[Comment]) -> tuple[int, int]:
    """Delete ``comments``; those with others' replies become placeholders.
    Returns (deleted, placeholders)."""
    ids = {comment.pk for comment in comments}
    kept = _with_others_below(comments, ids)
    for comment in comments:
        if comment.pk in kept:
            _writer_forget(
                comment,
                status=Comment.Status.REMOVED,
                body=ERASED_TEXT,
                body_html="",
                moderation_reasons=[],
                moderation_scores={},
                moderation_risk=0.0,
            )
    by_depth: dict[int, list[int]] = defaultdict(list)
    for comment in comments:
        if comment.pk not in kept:
            by_depth[comment.depth].append(comment.pk)
    # Replies first: a comment's parent is protected while a reply hangs under it.
    for depth in sorted(by_depth, reverse=True):
        Comment.objects.filter(pk__in=by_depth[depth]).delete()
    return len(ids) - len(kept), len(kept)


def _count_and_delete(rows: Any) -> int:
    count = int(rows.count())
    rows.delete()
    return count


@transaction.atomic
def personal_data_erase(
    *, email: str, delete: bool = False, actor: Actor, via: str
) -> PrivacyRequest:
    """Erase the commenter writing as ``email``: anonymise their comments, or with
    ``delete`` delete them (placeholders where others replied); remove their
    subscriptions, confirmed address and blocks on the address; blank the audit
    log's copies of their text and delete the examples holding it (the site's
    adapter is refitted after the commit); end every cached page.

    Login accounts and author profiles with the address are left as they are (the
    admin deletes those); their number is in the returned audit row's counts.
    Raises ``PrivacyRequestError`` for an address that is not one.
    """
    commenter = commenter_for(email)
    comments = list(commenter.comments.order_by("path"))
    ids = [comment.pk for comment in comments]
    reply_ids = Comment.objects.filter(parent_id__in=ids).exclude(pk__in=ids)
    forgotten = moderation_text_forget(
        comment_ids=ids,
        reply_ids=list(reply_ids.values_list("pk", flat=True)),
        texts={comment.body for comment in comments},
        names={comment.author_name for comment in comments},
    )
    # Before the comments: deleting one deletes the subscriptions to its replies.
    subscriptions = _count_and_delete(commenter.subscriptions)
    counts: dict[str, int] = {"comments": len(comments)}
    if delete:
        counts["comments_deleted"], counts["placeholders"] = _comments_delete(comments)
    else:
        counts["comments_anonymised"] = _comments_anonymise(comments)
    counts |= {
        "subscriptions": subscriptions,
        "confirmed_emails": _count_and_delete(commenter.confirmed_emails),
        "block_rules": _count_and_delete(commenter.block_rules),
        "events_blanked": forgotten.events_blanked,
        "examples_deleted": forgotten.examples_deleted,
        "quotes_blanked": forgotten.quotes_blanked,
        "accounts": commenter.accounts.count(),
    }
    page_cache_invalidate("a commenter's personal data was erased")
    action = PrivacyRequest.Action.DELETE if delete else PrivacyRequest.Action.ANONYMISE
    return _audit(
        action=action, commenter=commenter, actor=actor, via=via, counts=counts
    )
