"""One factory per model, with realistic defaults and the services' invariants."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from porch.blog.models import Category, Post, Series, Tag
from porch.blog.services import post_render
from porch.comments.models import Comment, Subscription, thread_path
from porch.core.sanitize import render_comment_markdown
from porch.pages.models import Page
from porch.pages.services import page_render
from porch.people.models import Book, Person
from porch.people.services import person_render


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"writer{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True  # the hook saves the one field it sets

    display_name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"person-{n}")
    bio = "Writes about **teams**, trust and the long walk home."
    site_name = "Quiet Mornings"
    site_url = "https://quiet-mornings.example"

    @factory.post_generation
    def render(obj, create, extracted, **kwargs):  # same rendering as the services
        person_render(person=obj)
        if create:
            obj.save(update_fields=["bio_html"])


class BookFactory(DjangoModelFactory):
    class Meta:
        model = Book

    person = factory.SubFactory(PersonFactory)
    title = factory.Sequence(lambda n: f"The Long Walk, volume {n}")
    url = "https://books.example/long-walk"


class SeriesFactory(DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ("slug",)

    name = "Guest post Monday"
    slug = "guest-post-monday"


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True  # the hook saves the fields it sets

    title = factory.Sequence(lambda n: f"Walking beside the team, part {n}")
    slug = factory.Sequence(lambda n: f"walking-beside-the-team-{n}")
    author = factory.SubFactory(PersonFactory)
    body = (
        "A team moves faster when the person in charge walks *beside* it.\n\n"
        "Here is what I learned from ten years of getting that wrong."
    )
    questions = "When did you last step back?\nWho on your team is ready to lead?"
    status = Post.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    @factory.post_generation
    def render(obj, create, extracted, **kwargs):  # same rendering as the services
        post_render(post=obj)
        if create:
            obj.save(update_fields=["body_html", "intro_html", "excerpt"])


class GuestPostFactory(PostFactory):
    series = factory.SubFactory(SeriesFactory)
    intro = "Today's guest is a team coach who writes at Quiet Mornings."


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment
        skip_postgeneration_save = True

    post = factory.SubFactory(PostFactory)
    author_name = factory.Faker("name")
    author_email = factory.Faker("email")
    body = factory.Faker("paragraph")
    body_html = factory.LazyAttribute(lambda obj: render_comment_markdown(obj.body))
    status = Comment.Status.APPROVED
    ip = "203.0.113.0"

    @factory.post_generation
    def place_in_thread(obj, create, extracted, **kwargs):  # as comment_submit does
        if create:
            obj.path = thread_path(parent=obj.parent, pk=obj.pk)
            obj.save(update_fields=["path"])


class SubscriptionFactory(DjangoModelFactory):
    """An active (confirmed) follower of a post's discussion."""

    class Meta:
        model = Subscription

    post = factory.SubFactory(PostFactory)
    kind = Subscription.Kind.POST
    email = factory.Sequence(lambda n: f"follower{n}@example.org")
    name = factory.Faker("first_name")
    confirmed_at = factory.LazyFunction(timezone.now)


class PageFactory(DjangoModelFactory):
    class Meta:
        model = Page
        skip_postgeneration_save = True  # the hook saves the fields it sets

    title = factory.Sequence(lambda n: f"About the team, part {n}")
    slug = factory.Sequence(lambda n: f"about-the-team-{n}")
    body = "We write about **teams** and the people who walk beside them."
    status = Page.Status.PUBLISHED

    @factory.post_generation
    def render(obj, create, extracted, **kwargs):  # same rendering as the services
        page_render(page=obj)
        if create:
            obj.save(update_fields=["body_html", "excerpt"])
