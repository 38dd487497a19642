"""Export to WordPress's format, empty the site, import the file: the same site."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from porch.blog.models import Category, Post, Tag
from porch.comments.models import Comment
from porch.importers.models import ImportedObject, LegacyRedirect
from porch.people.models import Person
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    PersonFactory,
    PostFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
BODY = """A team moves faster when the person in charge walks *beside* it,
not ahead of it.

- listen first
- then [ask](https://example.org/ask) what is in the way

```
step one

step two
```

> Lead from behind, and let the others go ahead."""


def build_site() -> None:
    """A small site with every shape the export has to carry."""
    host = PersonFactory(
        slug="maya", display_name="Maya Ortiz", email="maya@example.org"
    )
    guest = PersonFactory(slug="dan-e", display_name="Dan Erickson", email="")
    PersonFactory(
        slug="no-posts-yet", display_name="Ada Quill", email="ada@example.net"
    )
    essays = CategoryFactory(slug="essays", name="Essays")
    leading = CategoryFactory(slug="leadership", name="Leadership", parent=essays)
    teams, trust = (
        TagFactory(slug="teams", name="Teams"),
        TagFactory(slug="trust", name="Trust"),
    )
    published = PostFactory(
        slug="leading-from-behind", title="Leading from behind", author=guest,
        body=BODY, publish_at=datetime(2012, 3, 5, 8, 30, tzinfo=UTC),
        excerpt="Walk beside the team, not ahead of it.",
    )  # fmt: skip
    published.categories.set([leading])
    published.tags.set([teams, trust])
    scheduled = PostFactory(
        slug="next-monday", title="Next Monday", author=host,
        publish_at=datetime(2024, 6, 3, 7, 0, tzinfo=UTC), comments_open=False,
    )  # fmt: skip
    scheduled.categories.set([essays])
    PostFactory(slug="half-written", title="Half written", author=host,
                status=Post.Status.DRAFT, publish_at=None)  # fmt: skip
    PostFactory(slug="for-review", title="For review", author=guest,
                status=Post.Status.REVIEW, publish_at=None)  # fmt: skip
    discussion(published)


def discussion(post: Post) -> None:
    def at(day: int, hour: int) -> datetime:
        return datetime(2012, 3, day, hour, 0, tzinfo=UTC)

    top = CommentFactory(
        post=post,
        author_name="Lena",
        body="How far behind?\n\nI *always* rush.",
        author_email="lena@example.org",
        author_url="https://lena.example/",
    )
    answer = CommentFactory(
        post=post,
        parent=top,
        author_name="Dan Erickson",
        body="Far enough to see **everyone**.",
    )
    thanks = CommentFactory(
        post=post,
        parent=answer,
        author_name="Lena",
        body="Thanks, that helps. See [my notes](https://lena.example/notes).",
    )
    CommentFactory(
        post=post,
        author_name="Ravi",
        body="Do you ever lead from the front?",
        status=Comment.Status.PENDING,
    )
    CommentFactory(
        post=post,
        author_name="Cheap Pills",
        body="Great post, buy now",
        status=Comment.Status.SPAM,
    )
    gone = CommentFactory(
        post=post,
        author_name="Ivo",
        body="Something rude.",
        status=Comment.Status.REMOVED,
    )
    CommentFactory(
        post=post, parent=gone, author_name="Kim", body="Still, a fair point."
    )
    CommentFactory(post=post, author_name="Seed Notes", kind=Comment.Kind.PINGBACK,
                   author_url="https://seeds.example/beside/", author_email="",
                   body="[…] a good read on leading […]")  # fmt: skip
    for number, comment in enumerate(Comment.objects.order_by("pk"), start=1):
        comment.created_at = at(5 + number // 3, number)
        comment.save(update_fields=["created_at"])
    assert thanks.depth == 2


def comment_tree(post: Post) -> list[tuple[object, ...]]:
    """The discussion in reading order, each comment naming its parent's position."""
    comments = list(post.comments.order_by("path"))
    position = {comment.pk: index for index, comment in enumerate(comments)}
    fields = ["depth", "author_name", "author_email", "author_url", "status", "kind",
              "body_html", "created_at", "ip"]  # fmt: skip
    return [
        (position.get(c.parent_id), *(getattr(c, name) for name in fields))
        for c in comments
    ]


def snapshot(*, wrapped: bool = False) -> dict[str, object]:
    def body(post: Post) -> str:
        # The import keeps the exported HTML as one raw-HTML block (a <div>) in the
        # Markdown body: readers see the same post, the Markdown source is HTML now.
        html = post.body_html.strip()
        if wrapped:  # whitespace between blocks is all that may differ inside
            assert html.startswith("<div>")
            assert html.endswith("</div>")
            html = html.removeprefix("<div>").removesuffix("</div>").strip()
        return html

    return {
        "people": sorted(Person.objects.values_list("slug", "display_name", "email")),
        "categories": sorted(
            Category.objects.values_list("slug", "name", "parent__slug")
        ),
        "tags": sorted(Tag.objects.values_list("slug", "name")),
        "posts": sorted(
            (
                p.slug,
                p.title,
                p.status,
                p.publish_at,
                p.author.slug,
                p.excerpt,
                p.comments_open,
                sorted(p.categories.values_list("slug", flat=True)),
                sorted(p.tags.values_list("slug", flat=True)),
                body(p),
                comment_tree(p),
            )
            for p in Post.objects.all()
        ),
    }


def empty_the_site() -> None:
    Comment.objects.update(parent=None)
    for model in (Comment, Post, Category, Tag, Person, ImportedObject, LegacyRedirect):
        model._default_manager.all().delete()


@time_machine.travel(NOW, tick=False)
def test_wordpress_export_then_import_gives_the_same_site(tmp_path: Path):
    build_site()
    before = snapshot()
    out = tmp_path / "site.xml"
    call_command("export", "wordpress", str(out), stdout=StringIO())
    empty_the_site()
    assert not Post.objects.exists()

    report = StringIO()
    call_command("import", "wordpress", str(out), stdout=report, stderr=StringIO())

    assert snapshot(wrapped=True) == before
    assert "posts        imported      4" in report.getvalue()
    assert "comments     imported      8" in report.getvalue()
    assert "Problems" not in report.getvalue()


@time_machine.travel(NOW, tick=False)
def test_importing_the_export_twice_changes_nothing(tmp_path: Path):
    build_site()
    out = tmp_path / "site.xml"
    call_command("export", "wordpress", str(out), stdout=StringIO())
    empty_the_site()
    call_command("import", "wordpress", str(out), stdout=StringIO(), stderr=StringIO())
    first = snapshot(wrapped=True)
    report = StringIO()
    call_command("import", "wordpress", str(out), stdout=report, stderr=StringIO())
    assert snapshot(wrapped=True) == first
    assert (
        "comments     imported      0  updated      0  unchanged      8"
        in report.getvalue()
    )
