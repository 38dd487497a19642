"""Every read the moderator's desk needs: the held queue, its counts, its filters.

Held comments are those waiting for review (``pending``). The queue is riskiest
first by ``moderation_risk``, the highest classifier score the pipeline stored.
The Spam view (``QueueFilters.status == "spam"``) lists comments filed as spam,
newest first, so a real comment caught there is found and restored before the
retention period empties it.
Who sees what follows ``porch.blog.access``: hosts and editors see every post's
held comments; an author sees their own posts'; a guest contributor their own
posts' while the site lets guest authors moderate (on by default).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.safestring import SafeString

from porch.blog.access import posts_for_moderator, user_moderates_every_post
from porch.blog.models import Post
from porch.comments.models import Comment
from porch.desk.highlight import highlight_evidence
from porch.moderation import rules
from porch.moderation.types import LABELS

QUEUE_PAGE_SIZE = 20
SPAM_VIEW = "spam"
# Reasons are short lists (one per rule or classifier that fired); a JSON index
# lookup per position works alike on SQLite and PostgreSQL, unlike containment.
MAX_REASONS_SEARCHED = 12
# Beyond this a score is shown in the "high" colour; the thresholds hold at 0.80.
HIGH_RISK = 0.8
REASON_LABELS = {
    "offensive": "Offensive",
    "spam": "Spam",
    "off_topic": "Off-topic",
    rules.LINKS: "Links",
    rules.FIRST_TIME: "First-time commenter",
    rules.MODERATION_WORDS: "Moderation word",
    rules.MANUAL_APPROVAL: "Manual approval",
    rules.BLOCKLIST: "Blocked commenter",
    "check_failed": "Automatic check failed",
}
# The parent is shown beside a held reply; its private fields never load.
PARENT_PRIVATE = ("parent__author_email", "parent__ip", "parent__user_agent")


def reason_label(code: str) -> str:
    """A reason's code as a moderator reads it: "rule:disallowed_words" is
    "Disallowed words"; a code added later reads plainly before it gets a label."""
    if code in REASON_LABELS:
        return REASON_LABELS[code]
    return code.removeprefix("rule:").replace("_", " ").capitalize()


@dataclass(frozen=True)
class HeldReason:
    """One reason a comment was held, as the desk lists it."""

    code: str
    message: str
    evidence: tuple[str, ...]
    score: float | None

    @property
    def label(self) -> str:
        return reason_label(self.code)


@dataclass(frozen=True)
class HeldComment:
    """A held comment with its reasons, scores and evidence marked in its text."""

    comment: Comment

    @cached_property
    def reasons(self) -> list[HeldReason]:
        scores = self.scores
        found = []
        for raw in self.comment.moderation_reasons or []:
            if not isinstance(raw, dict):
                continue
            code = str(raw.get("code", ""))
            evidence = tuple(str(one) for one in raw.get("evidence") or ())
            found.append(
                HeldReason(
                    code, str(raw.get("message", "")), evidence, scores.get(code)
                )
            )
        return found

    @cached_property
    def scores(self) -> dict[str, float]:
        stored = self.comment.moderation_scores or {}
        return {label: float(stored.get(label, 0.0)) for label in LABELS}

    @property
    def score_list(self) -> list[tuple[str, float]]:
        return [
            (label.replace("_", "-"), score) for label, score in self.scores.items()
        ]

    @property
    def risk(self) -> float:
        return self.comment.moderation_risk

    @property
    def is_high_risk(self) -> bool:
        return self.risk >= HIGH_RISK

    @property
    def text_html(self) -> SafeString:
        phrases = [phrase for reason in self.reasons for phrase in reason.evidence]
        return highlight_evidence(self.comment.body, phrases)


@dataclass(frozen=True)
class QueueFilters:
    """What the moderator narrowed the queue to; empty values filter nothing."""

    reason: str = ""
    post_id: int | None = None
    author: str = ""
    search: str = ""
    status: str = ""  # "" for the held queue, SPAM_VIEW for the Spam view

    @property
    def is_filtered(self) -> bool:
        return bool(self.reason or self.post_id or self.author or self.search)

    @property
    def is_spam_view(self) -> bool:
        return self.status == SPAM_VIEW


@dataclass(frozen=True)
class PostChoice:
    pk: int
    title: str
    held: int


def moderates_anything(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether ``user`` gets a desk at all (a host with no comments yet does)."""
    return user_moderates_every_post(user) or posts_for_moderator(user).exists()


def moderated_comments(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Comment]:
    """Every comment on a post ``user`` may moderate (none for anyone else)."""
    if user_moderates_every_post(user):
        return Comment.objects.all()
    return Comment.objects.filter(post__in=posts_for_moderator(user))


def _reason_q(code: str) -> Q:
    query = Q()
    for index in range(MAX_REASONS_SEARCHED):
        query |= Q(**{f"moderation_reasons__{index}__code": code})
    return query


def held_comments(
    *, user: AbstractBaseUser | AnonymousUser, filters: QueueFilters | None = None
) -> QuerySet[Comment]:
    """Held comments ``user`` may moderate, riskiest first, then oldest first; on
    the Spam view, their spam, newest first."""
    given = filters or QueueFilters()
    if given.is_spam_view:
        spam = moderated_comments(user).filter(status=Comment.Status.SPAM)
        return _narrowed(spam, given).order_by("-created_at", "-pk")
    held = moderated_comments(user).filter(status=Comment.Status.PENDING)
    return _narrowed(held, given).order_by("-moderation_risk", "created_at", "pk")


def _narrowed(held: QuerySet[Comment], given: QueueFilters) -> QuerySet[Comment]:
    if given.reason:
        held = held.filter(_reason_q(given.reason))
    if given.post_id:
        held = held.filter(post_id=given.post_id)
    if given.author:
        held = held.filter(
            Q(author_name__icontains=given.author)
            | Q(author_email__iexact=given.author)
        )
    if given.search:
        held = held.filter(
            Q(body__icontains=given.search) | Q(author_name__icontains=given.search)
        )
    return held


def held_queue_page(
    *,
    user: AbstractBaseUser | AnonymousUser,
    filters: QueueFilters,
    page: str | int | None,
    per_page: int = QUEUE_PAGE_SIZE,
) -> Page[HeldComment]:
    """One page of the queue; a page number past the end gives the last page.

    Two queries: the count, then the page's comments with their post and parent.
    """
    rows = (
        held_comments(user=user, filters=filters)
        .select_related("post", "parent")
        .defer(*PARENT_PRIVATE)
    )
    paginator = Paginator(rows, per_page)
    found = paginator.get_page(page)
    held = [HeldComment(comment) for comment in found.object_list]
    return Page(held, found.number, cast("Paginator[HeldComment]", paginator))


def held_count(*, user: AbstractBaseUser | AnonymousUser) -> int:
    """How many comments wait for ``user``: the number in the navigation."""
    return moderated_comments(user).filter(status=Comment.Status.PENDING).count()


def held_posts(*, user: AbstractBaseUser | AnonymousUser) -> list[PostChoice]:
    """Posts with held comments ``user`` may moderate, most held first."""
    rows = (
        Post.objects.filter(
            pk__in=moderated_comments(user)
            .filter(status=Comment.Status.PENDING)
            .values("post_id")
        )
        .annotate(held=Count("comments", filter=Q(comments__status="pending")))
        .order_by("-held", "title")
        .values_list("pk", "title", "held")
    )
    return [PostChoice(pk, title, held) for pk, title, held in rows]
