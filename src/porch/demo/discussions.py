"""Writes the demo's discussions through the comments services, at the story's times.

Every comment goes through ``comment_submit``, so its thread path, rendered body and
moderation verdict are exactly what a reader's comment would get. A first comment
from a new reader is held, as on any Porch site; the host approves it through
``comment_moderate``, so the audit log shows who let it in. Both services take the
story's clock (``now``): a month of talk spreads over the days after each post, in
the order the comments were written, and nobody is emailed about it (``notify``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction

from porch.blog.models import Post
from porch.comments.identity import IdentityProof, email_confirmed_record
from porch.comments.models import Comment
from porch.comments.services import (
    CommentAuthor,
    comment_rate_forget,
    comment_submit,
)
from porch.core.models import SiteSettings
from porch.demo import conversation
from porch.demo.conversation import Held, Said
from porch.desk.services.comments import comment_moderate
from porch.people.models import Person

# How long the host takes to approve a held first comment, in the demo's story.
APPROVAL_DELAY = timedelta(minutes=25)


@dataclass(frozen=True)
class DemoDiscussions:
    """What the demo wrote: comments shown on the posts, and comments held."""

    approved: int
    held: int

    @property
    def comments(self) -> int:
        return self.approved + self.held


@dataclass(frozen=True)
class _Line:
    """One comment to write, with everything resolved: who, where, when."""

    post: Post
    key: str
    who: str
    when: datetime
    body: str
    reply_to: str | None
    expect: str = ""  # empty: meant to be approved


class _Writer:
    """Submits lines in time order, remembering comments by key for replies."""

    def __init__(self, *, people: Mapping[str, Person], host: User) -> None:
        self.people = people
        self.host = host
        self.written: dict[tuple[int, str], Comment] = {}
        self.ips: dict[str, str] = {}
        # What each commenter's browser shows when they come back (its proof cookie).
        self.browsers: dict[str, set[int]] = {}

    def author(self, who: str) -> CommentAuthor:
        if who == "host":
            return CommentAuthor(
                name=self.people["host"].display_name,
                email=self.host.email,
                user=self.host,
            )
        written = frozenset(self.browsers.get(who, ()))
        if who in self.people:  # a guest author, who confirmed their address by link
            person = self.people[who]
            proof = IdentityProof(comment_ids=written, emails=frozenset({person.email}))
            return CommentAuthor(
                name=person.display_name,
                email=person.email,
                url=person.site_url,
                proof=proof,
            )
        reader = conversation.READERS[who]
        return CommentAuthor(
            name=reader.name,
            email=reader.email,
            url=reader.url,
            proof=IdentityProof(comment_ids=written),
        )

    def ip(self, who: str) -> str:
        # Addresses from the documentation range (RFC 5737): one per commenter.
        return self.ips.setdefault(who, f"198.51.100.{10 + len(self.ips)}")

    def write(self, line: _Line) -> Comment:
        parent = self.written[(line.post.pk, line.reply_to)] if line.reply_to else None
        author, ip = self.author(line.who), self.ip(line.who)
        comment = comment_submit(
            post=line.post,
            author=author,
            body=line.body,
            parent_id=parent.pk if parent else None,
            ip=ip,
            now=line.when,
            notify=False,  # nobody is emailed about weeks-old invented talk
        )
        # The demo writes weeks of comments at once; a reader's limits stay as they are.
        comment_rate_forget(ip=ip, email=author.email)
        if not line.expect and comment.status != Comment.Status.APPROVED:
            comment = comment_moderate(
                comment=comment,
                actor=self.host,
                action="approve",
                now=line.when + APPROVAL_DELAY,
                notify=False,
            )
        self.written[(line.post.pk, line.key)] = comment
        self.browsers.setdefault(line.who, set()).add(comment.pk)
        return comment


def _lines(*, posts: Mapping[str, Post], now: datetime) -> list[_Line]:
    lines: list[_Line] = []
    for slug, said in conversation.DISCUSSIONS.items():
        post = posts[slug]
        assert post.publish_at is not None  # noqa: S101 - the demo only uses published
        lines.extend(_said_line(post, line, post.publish_at) for line in said)
    lines.extend(_held_line(posts[held.post], held, now) for held in conversation.HELD)
    return sorted(lines, key=lambda line: line.when)


def _said_line(post: Post, said: Said, published: datetime) -> _Line:
    when = published + timedelta(hours=said.hours)
    return _Line(post, said.key, said.who, when, said.body, said.reply_to)


def _held_line(post: Post, held: Held, now: datetime) -> _Line:
    when = now - timedelta(hours=held.hours_ago)
    key = f"held:{held.who}"
    return _Line(post, key, held.who, when, held.body, held.reply_to, held.expect)


def guest_emails_set(people: Mapping[str, Person]) -> None:
    """Give each guest author the address they comment under (never shown), as
    confirmed through a link Porch emailed them: that is what earns their badge."""
    for key, email in conversation.GUEST_EMAILS.items():
        person = people[key]
        person.email = email
        person.full_clean()
        person.save(update_fields=["email"])
        email_confirmed_record(email=email)


def moderation_words_set() -> None:
    site = SiteSettings.current()
    site.moderation_words = conversation.MODERATION_WORDS
    site.full_clean()
    site.save(update_fields=["moderation_words"])


@transaction.atomic
def demo_discussions_write(
    *, posts: Mapping[str, Post], people: Mapping[str, Person], now: datetime
) -> DemoDiscussions:
    """Write the demo's discussions and its held comments; return how many of each.

    Expects the demo's posts (by slug) and people (by key, ``host`` linked to the
    host's login). Sets the host's moderation words so that rule has work to do.
    Comments are written oldest first, so thread order and numbering match the times.
    """
    host = people["host"].user
    assert isinstance(host, User)  # noqa: S101 - demo_site_create links the host
    guest_emails_set(people)
    moderation_words_set()
    writer = _Writer(people=people, host=host)
    comments = [writer.write(line) for line in _lines(posts=posts, now=now)]
    approved = sum(c.status == Comment.Status.APPROVED for c in comments)
    return DemoDiscussions(approved=approved, held=len(comments) - approved)
