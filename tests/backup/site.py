"""A site with every kind of row a backup or a lossless export must carry, and a
table-by-table dump of a database to compare two sites row for row, ids included."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

from django.db import connection

from porch.comments.models import Comment, ConfirmedEmail
from porch.core.models import SiteSettings
from porch.desk.services.blocks import commenter_block
from porch.desk.services.comments import comment_moderate
from porch.importers.imported import redirects_add
from porch.moderation.models import BlockRule
from porch.people import roles
from porch.people.services import user_role_set
from tests.factories import PageFactory, SubscriptionFactory, UserFactory
from tests.importers.site import build_site

PASSWORD = "quiet-lantern-42"
# Rows that say nothing about the site and that each database fills its own way.
NOT_COMPARED = {"django_session", "django_tasks_database_dbtaskresult"}


def build_full_site() -> dict[str, Any]:
    """Posts, people, accounts with roles, threads with private fields, decisions
    (audit log and examples), block rules, subscriptions, settings, a redirect."""
    made = build_site()
    about = PageFactory(slug="about", show_in_menu=True, menu_order=2)
    PageFactory(slug="write-for-us", parent=about)
    host = UserFactory(username="hostess", email="host@example.org")
    host.set_password(PASSWORD)
    host.save()
    user_role_set(user=host, role=roles.HOST)
    user_role_set(user=UserFactory(username="eddie"), role=roles.EDITOR)
    published = made["published"]
    Comment.objects.filter(author_name="Ravi").update(
        ip="2001:db8:1::", user_agent="Mozilla/5.0 (X11)",
        author_email="ravi@x.example",
        moderation_reasons=[
            {"code": "first", "message": "first comment", "evidence": []}
        ],
        moderation_scores={"spam": 0.31, "offensive": 0.02}, moderation_risk=0.31,
    )  # fmt: skip
    when = datetime(2024, 5, 1, 9, 30, 15, 123456, tzinfo=UTC)
    for name, action in (("Ravi", "approve"), ("Cheap Pills", "spam"),
                         ("Ivo", "remove_offensive")):  # fmt: skip
        comment = Comment.objects.get(author_name=name)
        comment_moderate(comment=comment, actor=host, action=action,
                         note=f"decided on {name}", now=when, notify=False)  # fmt: skip
    commenter_block(
        actor=host, kind=BlockRule.Kind.EMAIL, value="pills@spam.example",
        reason="sells pills", expires_at=datetime(2030, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    commenter_block(actor=host, kind=BlockRule.Kind.IP,
                    comment=Comment.objects.get(author_name="Cheap Pills"))  # fmt: skip
    site = SiteSettings.current()
    site.site_name, site.moderation_words = "Beside the Team", "buy now\npills"
    site.comment_max_depth, site.moderation_spam_threshold = 3, 0.7
    site.save()
    SubscriptionFactory(post=published, email="lena@example.org", name="Lena")
    ConfirmedEmail.objects.create(email="lena@example.org", confirmed_at=when)
    redirects_add(source="wordpress:https://old.example", paths=["/?p=7"],
                  target=published)  # fmt: skip
    return {**made, "host_user": host}


def tables_dump(rows_of: Any, tables: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    return {table: rows_of(table) for table in tables if table not in NOT_COMPARED}


def sqlite_tables(db: sqlite3.Connection) -> list[str]:
    query = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    return [name for (name,) in db.execute(query)]


def sqlite_dump(db: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of a SQLite database, in rowid order."""

    def rows_of(table: str) -> list[tuple[Any, ...]]:
        return sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)  # noqa: S608

    return tables_dump(rows_of, sqlite_tables(db))


def sqlite_of_the_test_database() -> sqlite3.Connection:
    """A plain connection to the test database, which lives in shared memory."""
    name = connection.settings_dict["NAME"]
    return sqlite3.connect(name, uri=str(name).startswith("file:"))
