"""Reads for personal-data requests: the export document and the counts an erasure
would change.

The export is one JSON object (``EXPORT_FORMAT``), every date in ISO 8601 UTC:

``format``, ``email`` (the address asked about, lower-cased), ``exported_at``;
``comments``: ``id``, ``url``, ``post`` (``id``, ``title``, ``url``), ``parent_id``,
``status``, ``kind``, ``name``, ``email``, ``website``, ``ip`` (as stored: truncated
or hashed), ``user_agent``, ``text``, ``email_proven``, ``moderation_reasons``,
``created_at``, ``updated_at``;
``subscriptions``: ``id``, ``kind``, ``post``, ``comment_id``, ``name``, ``email``,
``created_at``, ``confirmation_sent_at``, ``confirmed_at``, ``unsubscribed_at``;
``confirmed_email``: ``confirmed_at``, or null;
``block_rules``: blocks on the address: ``reason``, ``created_at``, ``expires_at``;
``moderation_events`` (the audit log about their comments): ``id``, ``comment_id``,
``action``, ``automatic``, ``reasons``, ``text``, ``text_before``, ``text_after``,
``created_at``;
``moderation_examples`` (the site's learning data holding their text): ``id``,
``comment_id``, ``label``, ``text``, ``name``, ``website``, ``created_at``;
``examples_quoting_them`` (others' examples holding their text as the text replied
to): ``id``, ``comment_id``, ``replied_to_name``, ``replied_to_text``;
``accounts``: ``username``, ``email``, ``first_name``, ``last_name``, ``roles``,
``is_active``, ``date_joined``, ``last_login``;
``profiles`` (bylines): ``display_name``, ``slug``, ``email``, ``bio``,
``site_name``, ``site_url``, ``photo``, ``books`` (``title``, ``url``).

Nothing about anyone else is in it: not the moderators' names, not other
commenters' comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from porch.blog.models import Post
from porch.comments.models import Comment, Subscription
from porch.moderation.forgetting import quoting_filter
from porch.moderation.models import ModerationEvent, ModerationExample
from porch.privacy.matching import Commenter

EXPORT_FORMAT = "porch-personal-data-1"
Json = dict[str, Any]


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _post(post: Post) -> Json:
    return {"id": post.pk, "title": post.title, "url": post.get_absolute_url()}


def _comment(comment: Comment) -> Json:
    return {
        "id": comment.pk,
        "url": comment.get_absolute_url(),
        "post": _post(comment.post),
        "parent_id": comment.parent_id,
        "status": comment.status,
        "kind": comment.kind,
        "name": comment.author_name,
        "email": comment.author_email,
        "website": comment.author_url,
        "ip": comment.ip,
        "user_agent": comment.user_agent,
        "text": comment.body,
        "email_proven": comment.is_email_proven,
        "moderation_reasons": comment.moderation_reasons,
        "created_at": _when(comment.created_at),
        "updated_at": _when(comment.updated_at),
    }


def _subscription(subscription: Subscription) -> Json:
    return {
        "id": subscription.pk,
        "kind": subscription.kind,
        "post": _post(subscription.post),
        "comment_id": subscription.comment_id,
        "name": subscription.name,
        "email": subscription.email,
        "created_at": _when(subscription.created_at),
        "confirmation_sent_at": _when(subscription.confirmation_sent_at),
        "confirmed_at": _when(subscription.confirmed_at),
        "unsubscribed_at": _when(subscription.unsubscribed_at),
    }


def _event(event: ModerationEvent) -> Json:
    return {
        "id": event.pk,
        "comment_id": event.comment_id,
        "action": event.action,
        "automatic": event.is_automatic,
        "reasons": event.reasons,
        "text": event.text_snapshot,
        "text_before": event.text_before,
        "text_after": event.text_after,
        "created_at": _when(event.created_at),
    }


def _example(example: ModerationExample) -> Json:
    return {
        "id": example.pk,
        "comment_id": example.comment_id,
        "label": example.label,
        "text": example.text,
        "name": example.author_name,
        "website": example.author_url,
        "created_at": _when(example.created_at),
    }


def _moderation(comments: list[Comment]) -> Json:
    ids = [comment.pk for comment in comments]
    replies = Comment.objects.filter(parent_id__in=ids).exclude(pk__in=ids)
    quoting = ModerationExample.objects.filter(
        quoting_filter(
            reply_ids=list(replies.values_list("pk", flat=True)),
            texts={comment.body for comment in comments},
            names={comment.author_name for comment in comments},
        )
    ).exclude(comment_id__in=ids)
    return {
        "moderation_events": [
            _event(event)
            for event in ModerationEvent.objects.filter(comment_id__in=ids)
        ],
        "moderation_examples": [
            _example(example)
            for example in ModerationExample.objects.filter(comment_id__in=ids)
        ],
        "examples_quoting_them": [
            {
                "id": example.pk,
                "comment_id": example.comment_id,
                "replied_to_name": example.parent_author_name,
                "replied_to_text": example.parent_text,
            }
            for example in quoting.exclude(parent_text="")
        ],
    }


def _account(user: User) -> Json:
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "roles": sorted(group.name for group in user.groups.all()),
        "is_active": user.is_active,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
    }


def _profiles(commenter: Commenter) -> list[Json]:
    return [
        {
            "display_name": person.display_name,
            "slug": person.slug,
            "email": person.email,
            "bio": person.bio,
            "site_name": person.site_name,
            "site_url": person.site_url,
            "photo": person.photo.name or None,
            "books": [
                {"title": book.title, "url": book.url} for book in person.books.all()
            ],
        }
        for person in commenter.profiles.prefetch_related("books")
    ]


def personal_data_document(
    *, commenter: Commenter, now: datetime | None = None
) -> Json:
    """Everything Porch keeps about ``commenter``, as one JSON-ready object (the
    keys are listed in this module's docstring). Empty lists when nothing is kept."""
    comments = list(commenter.comments.select_related("post").order_by("pk"))
    confirmed = commenter.confirmed_emails.first()
    return {
        "format": EXPORT_FORMAT,
        "email": commenter.address,
        "exported_at": _when(now or timezone.now()),
        "comments": [_comment(comment) for comment in comments],
        "subscriptions": [
            _subscription(subscription)
            for subscription in commenter.subscriptions.select_related("post")
        ],
        "confirmed_email": (
            {"confirmed_at": _when(confirmed.confirmed_at)} if confirmed else None
        ),
        "block_rules": [
            {
                "reason": rule.reason,
                "created_at": _when(rule.created_at),
                "expires_at": _when(rule.expires_at),
            }
            for rule in commenter.block_rules
        ],
        **_moderation(comments),
        "accounts": [
            _account(user) for user in commenter.accounts.prefetch_related("groups")
        ],
        "profiles": _profiles(commenter),
    }


@dataclass(frozen=True)
class PersonalDataSummary:
    """What Porch keeps about one commenter, counted: the erasure's confirmation."""

    comments: int
    comments_with_replies: int
    subscriptions: int
    moderation_events: int
    moderation_examples: int
    block_rules: int
    accounts: int

    @property
    def is_empty(self) -> bool:
        return not (
            self.comments or self.subscriptions or self.block_rules or self.accounts
        )


def personal_data_summary(*, commenter: Commenter) -> PersonalDataSummary:
    """Counts of ``commenter``'s rows; replies counted are other people's."""
    ids = list(commenter.comments.values_list("pk", flat=True))
    with_replies = (
        Comment.objects.filter(parent_id__in=ids)
        .exclude(pk__in=ids)
        .values("parent_id")
        .distinct()
        .count()
    )
    return PersonalDataSummary(
        comments=len(ids),
        comments_with_replies=with_replies,
        subscriptions=commenter.subscriptions.count(),
        moderation_events=ModerationEvent.objects.filter(comment_id__in=ids).count(),
        moderation_examples=ModerationExample.objects.filter(
            comment_id__in=ids
        ).count(),
        block_rules=commenter.block_rules.count(),
        accounts=commenter.accounts.count(),
    )
