"""What the blog page tests share: a fixed clock, parsing, posts readers cannot see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import lxml.html
from django.contrib.auth.models import Permission
from django.test import Client

from porch.blog.models import Post
from porch.core.models import SiteSettings
from tests.factories import PostFactory, UserFactory

NOW = datetime(2024, 6, 10, 12, 0, tzinfo=UTC)


def parse(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.content)


def texts(doc: lxml.html.HtmlElement, css: str) -> list[str]:
    return [" ".join(node.text_content().split()) for node in doc.cssselect(css)]


def listed_titles(response) -> list[str]:
    return texts(parse(response), ".post-card__title a")


def posts_per_page(count: int) -> None:
    settings_row = SiteSettings.current()
    settings_row.posts_per_page = count
    settings_row.save()


def editor_client() -> Client:
    user = UserFactory(username="editor")
    user.user_permissions.add(Permission.objects.get(codename="change_post"))
    client = Client()
    client.force_login(user)
    return client


def hidden_posts() -> list[Post]:
    return [
        PostFactory(title="Still a draft", status=Post.Status.DRAFT, publish_at=None),
        PostFactory(title="Waiting for review", status=Post.Status.REVIEW),
        PostFactory(title="Not yet", publish_at=NOW + timedelta(days=2)),
    ]
