"""Shared setup for the desk's tests: held comments, role members, the guest."""

from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse

from porch.comments.models import Comment
from porch.core.models import SiteSettings
from porch.people.services import user_role_set
from tests.factories import CommentFactory, UserFactory

SECRET_EMAIL = "mallory@hidden.example"
QUEUE = "/desk/"


def held(*, risk=0.0, reasons=(), scores=None, **fields):
    """A comment waiting for review with the verdict the pipeline stored."""
    fields.setdefault("author_email", SECRET_EMAIL)
    return CommentFactory(
        status=Comment.Status.PENDING,
        moderation_risk=risk,
        moderation_reasons=[
            {"code": code, "message": message, "evidence": list(evidence)}
            for code, message, evidence in reasons
        ],
        moderation_scores=scores or {"offensive": 0.0, "spam": risk, "off_topic": 0.0},
        **fields,
    )


def member(role, username):
    user = UserFactory(username=username)
    user_role_set(user=user, role=role)
    return user


def order_on_page(html, comments):
    return sorted(comments, key=lambda c: html.index(f'id="held-{c.pk}"'))


def act(client, comment, action, **extra):
    url = reverse("desk:act", args=[comment.pk])
    return client.post(url, {"action": action, "next": QUEUE}, **extra)


def settings_set(**values):
    SiteSettings.current()
    SiteSettings.objects.filter(pk=1).update(**values)
    cache.clear()
