"""Export, empty the site, import the file: the same site, field for field."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from porch.blog.models import Post
from porch.comments.models import Comment, Subscription
from porch.importers.imported import redirects_add
from porch.importers.models import LegacyRedirect
from porch.people.models import Person
from tests.factories import SubscriptionFactory
from tests.importers.site import build_site, empty_the_site, snapshot

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def export_and_empty(tmp_path: Path, kind: str) -> Path:
    out = tmp_path / f"site.{'xml' if kind == 'wordpress' else 'json'}"
    call_command("export", kind, str(out), stdout=StringIO())
    empty_the_site()
    assert not Post.objects.exists()
    assert not Person.objects.exists()
    return out


def run_import(kind: str, path: Path) -> str:
    report = StringIO()
    call_command("import", kind, str(path), stdout=report, stderr=StringIO())
    return report.getvalue()


@time_machine.travel(NOW, tick=False)
def test_wordpress_export_then_import_gives_the_same_site(tmp_path: Path):
    build_site()
    before = snapshot()
    out = export_and_empty(tmp_path, "wordpress")

    report = run_import("wordpress", out)

    assert snapshot() == before
    assert "posts        imported      4" in report
    assert "comments     imported      8" in report
    assert "Problems" not in report


@time_machine.travel(NOW, tick=False)
def test_importing_the_wordpress_export_twice_changes_nothing(tmp_path: Path):
    build_site()
    out = export_and_empty(tmp_path, "wordpress")
    run_import("wordpress", out)
    first = snapshot()

    report = run_import("wordpress", out)

    assert snapshot() == first
    assert "posts        imported      0  updated      0  unchanged      4" in report
    assert "comments     imported      0  updated      0  unchanged      8" in report


def subscriptions() -> list[tuple[object, ...]]:
    rows = Subscription.objects.select_related("post", "comment").order_by("email")
    return [
        (s.post.slug, s.kind, s.email, s.comment.body if s.comment else None,
         s.is_active)
        for s in rows
    ]  # fmt: skip


@time_machine.travel(NOW, tick=False)
def test_json_export_then_import_gives_the_same_site(tmp_path: Path):
    site = build_site()
    top = Comment.objects.get(author_name="Lena", parent=None)
    SubscriptionFactory(post=site["published"], email="ann@example.org")
    SubscriptionFactory(post=top.post, comment=top, kind=Subscription.Kind.REPLIES,
                        email="lena@example.org", confirmed_at=None)  # fmt: skip
    redirects_add(source="x", paths=["/2012/03/05/leading/"], target=site["published"])
    before, followers = snapshot(), subscriptions()
    out = export_and_empty(tmp_path, "json")

    report = run_import("json", out)

    assert snapshot() == before
    assert subscriptions() == followers
    assert list(LegacyRedirect.objects.values_list("old_path", "new_url")) == [
        ("/2012/03/05/leading/", "/posts/leading-from-behind/")
    ]
    assert "posts        imported      4" in report
    assert "comments     imported      8" in report
    assert "Problems" not in report


@time_machine.travel(NOW, tick=False)
def test_importing_the_json_export_twice_changes_nothing(tmp_path: Path):
    build_site()
    out = export_and_empty(tmp_path, "json")
    run_import("json", out)
    first = snapshot()
    comment_ids = sorted(Comment.objects.values_list("pk", flat=True))

    report = run_import("json", out)

    assert snapshot() == first
    assert sorted(Comment.objects.values_list("pk", flat=True)) == comment_ids
    assert "posts        imported      0  updated      0  unchanged      4" in report
    assert "comments     imported      0  updated      0  unchanged      8" in report


@time_machine.travel(NOW, tick=False)
def test_imported_comments_keep_their_old_ids_as_anchors(tmp_path: Path):
    site = build_site()
    old_ids = list(
        Comment.objects.filter(post=site["published"])
        .order_by("path")
        .values_list("pk", flat=True)
    )
    out = export_and_empty(tmp_path, "wordpress")
    run_import("wordpress", out)

    anchors = list(Comment.objects.order_by("path").values_list("legacy_anchor"))
    assert anchors == [(f"comment-{pk}",) for pk in old_ids]
