"""Two commenters on one site, Ada and Charles, with every kind of data Porch keeps:
comments in one thread (each replying to the other), subscriptions, a confirmed
address, a block, moderators' decisions (audit events and learning examples) and an
edit whose event keeps the text before it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from porch.blog.models import Post
from porch.comments.models import Comment, ConfirmedEmail, Subscription
from porch.desk.services.comments import comment_edit_by_moderator, comment_moderate
from porch.moderation.models import BlockRule
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import (
    CommentFactory,
    PostFactory,
    SubscriptionFactory,
    UserFactory,
)

# Written in mixed case on purpose: the request comes in another case.
ADA_EMAIL = "Ada.Lovelace@Analytical.example"
ADA_NAME = "Ada Lovelace"
ADA_SITE = "https://engines.example/notes-by-ada"
ADA_IP = "198.51.100.0"
ADA_AGENT = "Mozilla/5.0 (X11; Linux) FirefoxOfAda/128.0"
ADA_TEXTS = {
    "top": "The engine might compose elaborate pieces of music of any complexity.",
    "reply": "Charles, your difference engine only tabulates; mine would weave.",
    "spam": "Jacquard looms weave flowers and leaves; the engine weaves algebra.",
    "before_edit": "I have a notion of the engine hereafter that nobody has yet.",
    "after_edit": "I have a notion of the engine that nobody has yet.",
}
CHARLES_EMAIL = "charles@babbage.example"
CHARLES_NAME = "Charles Babbage"
CHARLES_IP = "192.0.2.0"
CHARLES_TEXTS = {
    "top": "The difference engine computes tables of polynomials without error.",
    "reply": "Lady Lovelace, music from the engine would need a great many cards.",
}


@dataclass
class Scene:
    host: User
    post: Post
    other_post: Post
    ada_top: Comment  # Charles replied to it
    ada_reply: Comment  # a reply to Charles, nobody replied to it
    ada_spam: Comment  # on the other post, marked spam
    ada_edited: Comment  # a moderator edited it
    charles_top: Comment
    charles_reply: Comment  # replies to ada_top


def ada_comment(**fields: object) -> Comment:
    values = {
        "author_name": ADA_NAME,
        "author_email": ADA_EMAIL,
        "author_url": ADA_SITE,
        "ip": ADA_IP,
        "user_agent": ADA_AGENT,
        "is_email_proven": True,
    }
    return CommentFactory(**{**values, **fields})


def charles_comment(**fields: object) -> Comment:
    values = {
        "author_name": CHARLES_NAME,
        "author_email": CHARLES_EMAIL,
        "author_url": "https://babbage.example",
        "ip": CHARLES_IP,
    }
    return CommentFactory(**{**values, **fields})


def scene_build() -> Scene:
    host = user_role_set(user=UserFactory(username="hostess"), role=roles.HOST)
    post = PostFactory(title="Notes on the Analytical Engine")
    other_post = PostFactory(title="Looms and cards")
    charles_top = charles_comment(post=post, body=CHARLES_TEXTS["top"])
    ada_top = ada_comment(post=post, body=ADA_TEXTS["top"])
    charles_reply = charles_comment(
        post=post, parent=ada_top, body=CHARLES_TEXTS["reply"]
    )
    ada_reply = ada_comment(
        post=post,
        parent=charles_top,
        body=ADA_TEXTS["reply"],
        author_email=ADA_EMAIL.lower(),
    )
    ada_spam = ada_comment(post=other_post, body=ADA_TEXTS["spam"])
    ada_edited = ada_comment(post=other_post, body=ADA_TEXTS["before_edit"])
    scene = Scene(
        host,
        post,
        other_post,
        ada_top,
        ada_reply,
        ada_spam,
        ada_edited,
        charles_top,
        charles_reply,
    )
    _decisions_make(scene)
    _subscriptions_make(scene)
    return scene


def _decisions_make(scene: Scene) -> None:
    moderate = {
        scene.ada_top: "approve",
        scene.ada_reply: "approve",
        scene.ada_spam: "spam",
        scene.charles_top: "approve",
        scene.charles_reply: "approve",
    }
    for comment, action in moderate.items():
        comment_moderate(comment=comment, actor=scene.host, action=action, notify=False)
    comment_edit_by_moderator(
        comment=scene.ada_edited, actor=scene.host, body=ADA_TEXTS["after_edit"]
    )
    BlockRule.objects.create(
        kind=BlockRule.Kind.EMAIL,
        value=ADA_EMAIL.lower(),
        reason="Asked for no more replies",
        created_by=scene.host,
    )


def _subscriptions_make(scene: Scene) -> None:
    SubscriptionFactory(post=scene.post, email=ADA_EMAIL, name=ADA_NAME)
    SubscriptionFactory(
        post=scene.post,
        kind=Subscription.Kind.REPLIES,
        comment=scene.ada_top,
        email=ADA_EMAIL.lower(),
        name=ADA_NAME,
    )
    SubscriptionFactory(post=scene.post, email=CHARLES_EMAIL, name=CHARLES_NAME)
    ConfirmedEmail.objects.create(email=ADA_EMAIL.lower(), confirmed_at=timezone.now())
    ConfirmedEmail.objects.create(email=CHARLES_EMAIL, confirmed_at=timezone.now())
