"""``porch export json`` then ``porch import json`` into an empty site: every row
back, ids included; run again, nothing changes; a dry run writes nothing."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from porch.blog.models import Category, Post
from porch.comments.models import Comment
from porch.core.models import SiteSettings
from porch.importers.porch_json.tables import BY_NAME, TABLES, model_of
from porch.pages.models import Page
from porch.people.models import Book
from tests.backup.site import PASSWORD, build_full_site
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def every_row() -> dict[str, Any]:
    """Each table's rows, every column, by id; links between rows as id pairs."""
    models = [model_of(name) for name in TABLES if name not in BY_NAME]
    rows: dict[str, Any] = {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in [*models, Book, SiteSettings]
    }
    rows["post links"] = sorted(
        (post.pk, "category", term.pk) for post in Post.objects.all()
        for term in post.categories.all()
    ) + sorted(
        (post.pk, "tag", term.pk) for post in Post.objects.all()
        for term in post.tags.all()
    )  # fmt: skip
    rows["roles"] = sorted(
        (group.name, sorted(group.permissions.values_list("codename", flat=True)),
         sorted(group.user_set.values_list("pk", flat=True)))
        for group in Group.objects.all()
    )  # fmt: skip
    return rows


def site_empty() -> None:
    """What a new data dir has: migrated tables and the roles, nothing else."""
    Comment.objects.update(parent=None)
    Category.objects.update(parent=None)
    Page.objects.update(parent=None)
    for name in reversed([name for name in TABLES if name not in BY_NAME]):
        model_of(name)._default_manager.all().delete()
    SiteSettings.objects.all().delete()
    cache.clear()


def export(tmp_path: Path) -> Path:
    out = tmp_path / "site.json"
    call_command("export", "json", str(out), stdout=StringIO())
    return out


def run_import(path: Path, *extra: str) -> str:
    printed = StringIO()
    call_command("import", "json", str(path), *extra, stdout=printed, stderr=StringIO())
    return printed.getvalue()


@pytest.fixture
def exported_full_site(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    build_full_site()
    before = every_row()
    out = export(tmp_path)
    site_empty()
    assert every_row()["comments.Comment"] == []
    return out, before


def test_an_export_imported_into_an_empty_site_gives_the_same_rows(
    exported_full_site: tuple[Path, dict[str, Any]],
) -> None:
    path, before = exported_full_site

    printed = run_import(path)

    assert every_row() == before
    assert "comments     imported      8" in printed
    assert "Problems" not in printed
    assert len(before["moderation.ModerationEvent"]) == 5  # 3 decisions, 2 blocks
    assert len(before["moderation.ModerationExample"]) == 3
    assert len(before["moderation.BlockRule"]) == 2
    assert SiteSettings.current().site_name == "Beside the Team"


def test_restored_accounts_sign_in_and_comments_keep_their_addresses(
    exported_full_site: tuple[Path, dict[str, Any]], client: Client
) -> None:
    path, before = exported_full_site
    kim = next(row for row in before["comments.Comment"] if row["author_name"] == "Kim")

    run_import(path)

    assert client.login(username="hostess", password=PASSWORD)
    assert client.get("/desk/").status_code == 200
    assert (
        Comment.objects.get(pk=kim["id"]).get_absolute_url()
        == f"/comments/{kim['id']}/"
    )
    newest = max(row["id"] for row in before["comments.Comment"])
    assert CommentFactory().pk > newest  # the id sequence moved past the restored ids


def test_importing_the_export_again_changes_nothing(
    exported_full_site: tuple[Path, dict[str, Any]],
) -> None:
    path, before = exported_full_site
    run_import(path)

    printed = run_import(path)

    assert every_row() == before
    assert "posts        imported      0  updated      0  unchanged      4" in printed
    assert "comments     imported      0  updated      0  unchanged      8" in printed


def test_a_dry_run_restores_nothing(
    exported_full_site: tuple[Path, dict[str, Any]],
) -> None:
    path, _before = exported_full_site
    empty = every_row()

    printed = run_import(path, "--dry-run")

    assert printed.startswith("Dry run (nothing was written)")
    assert "comments     imported      8" in printed
    assert every_row() == empty


def test_a_merge_into_a_site_with_content_says_what_it_leaves_out(
    exported_full_site: tuple[Path, dict[str, Any]],
) -> None:
    path, _before = exported_full_site
    CommentFactory(body="This site has a post of its own.")

    printed = run_import(path)

    assert "comments     imported      8" in printed
    assert "moderation events: restored only into an empty site" in printed
    assert "accounts: restored only into an empty site" in printed
    assert "hostess" not in printed  # skipped rows are named by id, never by login
