"""Writes the demo site through the same services as the admin, so it renders alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from porch.blog.models import Category, Post, Series, Tag
from porch.blog.services import post_save_from_admin
from porch.core.management.accounts import host_create, site_name_set
from porch.demo import content
from porch.demo.discussions import demo_discussions_write
from porch.people.models import Book, Person
from porch.people.services import person_save

GUEST_POST_HOUR = 9


@dataclass(frozen=True)
class DemoSite:
    site_name: str
    username: str
    password: str
    posts: int
    people: int
    series: int
    comments: int
    held_comments: int


@transaction.atomic
def demo_site_create(*, password: str, now: datetime | None = None) -> DemoSite:
    """Write the whole demo site into an empty database and return what it made.

    Expects a freshly migrated database (``porch demo`` wipes one first): the host
    account is created, not reused.
    """
    now = now or timezone.now()
    site = site_name_set(name=content.SITE_NAME)
    site.tagline = content.TAGLINE
    site.save(update_fields=["tagline"])
    host = host_create(
        username=content.HOST_USERNAME, email=content.HOST_EMAIL, password=password
    )
    people = {spec.key: person_create(spec, host=host) for spec in content.PEOPLE}
    series, categories = terms_create()
    posts = {
        spec.slug: post_create(
            spec,
            people=people,
            series=series,
            categories=categories,
            writer=host,
            now=now,
        )
        for spec in content.POSTS
    }
    discussions = demo_discussions_write(posts=posts, people=people, now=now)
    return DemoSite(
        site_name=content.SITE_NAME,
        username=content.HOST_USERNAME,
        password=password,
        posts=len(posts),
        people=len(people),
        series=1,
        comments=discussions.comments,
        held_comments=discussions.held,
    )


def terms_create() -> tuple[Series, dict[str, Category]]:
    """The demo's one series and its categories (by slug)."""
    series = Series(
        name=content.SERIES_NAME,
        slug=content.SERIES_SLUG,
        description=content.SERIES_DESCRIPTION,
    )
    series.full_clean()
    series.save()
    categories = {
        slug: Category.objects.create(name=name, slug=slug)
        for slug, name in content.CATEGORIES.items()
    }
    return series, categories


def person_create(spec: content.DemoPerson, *, host: User) -> Person:
    person = Person(
        user=host if spec.key == "host" else None,
        display_name=spec.display_name,
        slug=spec.slug,
        bio=spec.bio,
        site_name=spec.site_name,
        site_url=spec.site_url,
    )
    person_save(person=person)
    for position, (title, url) in enumerate(spec.books):
        Book.objects.create(person=person, title=title, url=url, position=position)
    return person


def post_create(
    spec: content.DemoPost,
    *,
    people: dict[str, Person],
    series: Series,
    categories: dict[str, Category],
    writer: User,
    now: datetime,
) -> Post:
    post = Post(
        title=spec.title,
        slug=spec.slug,
        author=people[spec.author],
        intro=spec.intro,
        body=spec.body,
        excerpt=spec.excerpt,
        questions=spec.questions,
        series=series if spec.in_series else None,
        status=Post.Status.DRAFT
        if spec.days_from_now is None
        else Post.Status.PUBLISHED,
        publish_at=publish_time(spec, now=now),
    )
    post_save_from_admin(post=post, writer=writer)
    post.categories.set([categories[slug] for slug in spec.categories])
    post.tags.set([tag_get_or_create(name) for name in spec.tags])
    return post


def publish_time(spec: content.DemoPost, *, now: datetime) -> datetime | None:
    """``now`` plus the post's offset; a guest post moves to that week's Monday 9:00."""
    if spec.days_from_now is None:
        return None
    when = now + timedelta(days=spec.days_from_now)
    if spec.in_series:
        when = (when - timedelta(days=when.weekday())).replace(
            hour=GUEST_POST_HOUR, minute=0, second=0, microsecond=0
        )
    return when


def tag_get_or_create(name: str) -> Tag:
    tag, _created = Tag.objects.get_or_create(
        slug=slugify(name), defaults={"name": name}
    )
    return tag
