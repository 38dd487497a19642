"""A small site with every shape an export has to carry, and a snapshot to compare.

Shared by the round-trip tests: build the site, snapshot it, export, empty the site,
import, and the snapshot must be equal field for field.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from porch.blog.models import Category, Post, Series, Tag
from porch.comments.models import Comment, Subscription
from porch.importers.models import ImportedObject, LegacyRedirect
from porch.people.models import Book, Person
from tests.factories import (
    BookFactory,
    CategoryFactory,
    CommentFactory,
    GuestPostFactory,
    PersonFactory,
    PostFactory,
    SeriesFactory,
    TagFactory,
    UserFactory,
)

BODY = """A team moves faster when the person in charge walks *beside* it,
not ahead of it.

- listen first
- then [ask](https://example.org/ask) what is in the way

```
step one

step two
```

> Lead from behind, and let the others go ahead. Ask & listen."""


def build_site() -> dict[str, object]:
    """People (one with a login, books and a photo), terms, four kinds of post."""
    host = PersonFactory(
        slug="maya", display_name="Maya Ortiz", email="maya@example.org",
        user=UserFactory(username="maya-o", is_staff=True),
        photo=default_storage.save("people/maya.jpg", ContentFile(b"jpeg bytes")),
    )  # fmt: skip
    guest = PersonFactory(
        slug="dan-e", display_name="Dan Erickson", email="", site_url="",
        bio="Coach. Writes *slowly*.", site_name="",
    )  # fmt: skip
    BookFactory(person=guest, title="Beside", url="https://books.example/beside")
    BookFactory(person=guest, title="Behind & Ahead", url="", position=3)
    PersonFactory(
        slug="no-posts-yet", display_name="Ada Quill", email="ada@example.net"
    )
    essays = CategoryFactory(slug="essays", name="Essays")
    leading = CategoryFactory(slug="leadership", name="Leadership", parent=essays)
    teams = TagFactory(slug="teams", name="Teams")
    trust = TagFactory(slug="trust", name="Trust & care")
    published = GuestPostFactory(
        slug="leading-from-behind", title="Leading from behind", author=guest,
        body=BODY, publish_at=datetime(2012, 3, 5, 8, 30, tzinfo=UTC),
        excerpt="Walk beside the team, not ahead of it & listen.",
        series=SeriesFactory(description="Every *Monday*, a guest."),
        comment_policy="Be **kind**; stay on leading.",
        featured_image=default_storage.save(
            "posts/2012/walk.jpg", ContentFile(b"jpeg bytes")
        ),
        featured_image_alt="Two people walking a forest path",
    )  # fmt: skip
    published.categories.set([leading])
    published.tags.set([teams, trust])
    scheduled = PostFactory(
        slug="next-monday", title="Next Monday", author=host, questions="",
        publish_at=datetime(2024, 6, 3, 7, 0, tzinfo=UTC), comments_open=False,
    )  # fmt: skip
    scheduled.categories.set([essays])
    PostFactory(slug="half-written", title="Half written", author=host,
                status=Post.Status.DRAFT,
                publish_at=datetime(2024, 7, 1, 6, 0, tzinfo=UTC))  # fmt: skip
    PostFactory(slug="for-review", title="For review", author=guest,
                status=Post.Status.REVIEW, publish_at=None)  # fmt: skip
    discussion(published, host_user=host.user)
    return {"published": published, "host": host, "guest": guest}


def discussion(post: Post, *, host_user: object) -> None:
    """Threads three deep, every status, a pingback, a removed parent, the host."""
    top = CommentFactory(
        post=post, author_name="Lena", body="How far behind?\n\nI *always* rush.",
        author_email="lena@example.org", author_url="https://lena.example/",
    )  # fmt: skip
    answer = CommentFactory(post=post, parent=top, author_name="Maya Ortiz",
                            body="Far enough to see **everyone**.", user=host_user,
                            author_email="maya@example.org")  # fmt: skip
    CommentFactory(post=post, parent=answer, author_name="Lena", ip="198.51.100.0",
                   body="Thanks. See [notes](https://lena.example/n).")  # fmt: skip
    CommentFactory(post=post, author_name="Ravi", status=Comment.Status.PENDING,
                   body="Do you ever lead from the front?")  # fmt: skip
    CommentFactory(post=post, author_name="Cheap Pills", body="Great post, buy now",
                   status=Comment.Status.SPAM)  # fmt: skip
    gone = CommentFactory(post=post, author_name="Ivo", body="Something rude.",
                          status=Comment.Status.REMOVED)  # fmt: skip
    CommentFactory(
        post=post, parent=gone, author_name="Kim", body="Still, a fair point."
    )
    CommentFactory(post=post, author_name="Seed Notes", kind=Comment.Kind.PINGBACK,
                   author_url="https://seeds.example/beside/", author_email="",
                   body="[…] a good read on leading […]")  # fmt: skip
    for number, comment in enumerate(Comment.objects.order_by("pk"), start=1):
        comment.created_at = datetime(2012, 3, 5 + number // 3, number, tzinfo=UTC)
        comment.save(update_fields=["created_at"])


def comment_tree(post: Post) -> list[tuple[object, ...]]:
    """The discussion in reading order, each comment naming its parent's position."""
    comments = list(post.comments.select_related("user").order_by("path"))
    position = {comment.pk: index for index, comment in enumerate(comments)}
    fields = ["depth", "author_name", "author_email", "author_url", "status", "kind",
              "body", "body_html", "created_at", "ip"]  # fmt: skip
    return [
        (
            position.get(c.parent_id),
            c.user.username if c.user else None,
            *(getattr(c, name) for name in fields),
        )
        for c in comments
    ]


def _post(p: Post) -> tuple[object, ...]:
    return (
        p.slug, p.title, p.status, p.publish_at, p.author.slug, p.body, p.body_html,
        p.intro, p.intro_html, p.questions, p.excerpt, p.comments_open,
        p.comment_policy, p.featured_image.name, p.featured_image_alt,
        (p.series.slug, p.series.name, p.series.description) if p.series else None,
        sorted(p.categories.values_list("slug", flat=True)),
        sorted(p.tags.values_list("slug", flat=True)),
        comment_tree(p),
    )  # fmt: skip


def _person(p: Person) -> tuple[object, ...]:
    return (
        p.slug, p.display_name, p.email, p.bio, p.bio_html, p.site_name, p.site_url,
        p.photo.name, p.user.username if p.user else None,
        list(p.books.values_list("title", "url", "position")),
    )  # fmt: skip


def _person(p: Person) -> tuple[object, ...]:
    return (
        p.slug, p.display_name, p.email, p.bio, p.bio_html, p.site_name, p.site_url,
        p.photo.name, p.user.username if p.user else None,
        list(p.books.values_list("title", "url", "position")),
    )  # fmt: skip


def snapshot() -> dict[str, object]:
    """Everything a reader or the host would see, by natural keys, not by ids."""
    people = Person.objects.select_related("user").order_by("slug")
    return {
        "people": [_person(p) for p in people],
        "categories": sorted(
            Category.objects.values_list("slug", "name", "parent__slug")
        ),
        "tags": sorted(Tag.objects.values_list("slug", "name")),
        "posts": sorted(_post(p) for p in Post.objects.select_related("author")),
    }


def empty_the_site() -> None:
    """Delete everything an import brings (users stay, as they would on a new host)."""
    Comment.objects.update(parent=None)
    models = (Subscription, Comment, Post, Series, Category, Tag, Book, Person,
              ImportedObject, LegacyRedirect)  # fmt: skip
    for model in models:
        model._default_manager.all().delete()
