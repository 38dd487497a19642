"""Writing in the admin, by role: what each may save, preview, publish and upload."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import BytesIO
from typing import Any

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from porch.blog.models import Post
from porch.blog.selectors import post_preview_token
from porch.blog.services import PostWriteDeniedError, post_save_from_admin
from porch.core.models import SiteSettings
from porch.people import roles
from porch.people.models import Person
from porch.people.services import user_role_set
from tests.factories import PersonFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def staff(role: str, *, name: str) -> Person:
    user = user_role_set(user=UserFactory(username=name), role=role)
    return PersonFactory(user=user, display_name=name.title(), slug=name)


def form_data(author: Person, **changes: Any) -> dict[str, Any]:
    """What the post form sends, as a writer would fill it in."""
    data = {
        "title": "Leading from the back row",
        "slug": "leading-from-the-back-row",
        "author": author.pk,
        "body": "Step *back* and the team steps up.",
        "excerpt": "",
        "featured_image_alt": "",
        "intro": "",
        "questions": "Who led last week?",
        "status": "draft",
        "publish_at_0": "",
        "publish_at_1": "",
        "comments_open": "on",
        "comment_policy": "",
    }
    data.update(changes)
    return data


def jpeg(width: int, height: int) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, format="JPEG")
    return SimpleUploadedFile("team.jpg", buffer.getvalue(), content_type="image/jpeg")


def add_url() -> str:
    return reverse("admin:blog_post_add")


def change_url(post: Post) -> str:
    return reverse("admin:blog_post_change", args=[post.pk])


@pytest.fixture
def guest() -> Person:
    return staff(roles.GUEST_CONTRIBUTOR, name="gina")


@pytest.fixture
def author() -> Person:
    return staff(roles.AUTHOR, name="arno")


@pytest.fixture
def editor() -> Person:
    return staff(roles.EDITOR, name="edda")


class TestGuestContributor:
    def test_submits_a_post_for_review_under_their_own_byline(self, client, guest):
        client.force_login(guest.user)
        response = client.post(add_url(), form_data(guest, status="review"))
        assert response.status_code == 302
        post = Post.objects.get()
        assert (post.status, post.author, post.publish_at) == ("review", guest, None)
        assert post.body_html == "<p>Step <em>back</em> and the team steps up.</p>\n"
        assert post.excerpt == "Step back and the team steps up."

    def test_is_offered_draft_and_review_only_and_no_publish_time(self, client, guest):
        client.force_login(guest.user)
        form = client.get(add_url()).context["adminform"].form
        assert [value for value, _label in form.fields["status"].choices] == [
            "draft",
            "review",
        ]
        assert "publish_at" not in form.fields
        assert list(form.fields["author"].queryset) == [guest]
        assert form.fields["author"].initial == guest

    def test_publishing_is_refused_and_nothing_is_published(self, client, guest):
        post = PostFactory(author=guest, status=Post.Status.REVIEW, publish_at=None)
        client.force_login(guest.user)
        response = client.post(
            change_url(post),
            form_data(guest, title="Now live!", slug=post.slug, status="published"),
        )
        assert response.status_code == 200
        assert "status" in response.context["adminform"].form.errors
        post.refresh_from_db()
        assert (post.status, post.title, post.publish_at) == (
            "review",
            post.title,
            None,
        )
        assert not Post.objects.visible().exists()

    def test_scheduling_by_a_forged_field_is_ignored(self, client, guest):
        client.force_login(guest.user)
        client.post(
            add_url(),
            form_data(guest, publish_at_0="2030-01-01", publish_at_1="09:00:00"),
        )
        assert Post.objects.get().publish_at is None

    def test_cannot_put_someone_elses_name_on_a_post(self, client, guest, editor):
        post = PostFactory(author=guest, status=Post.Status.DRAFT, publish_at=None)
        client.force_login(guest.user)
        response = client.post(change_url(post), form_data(editor, slug=post.slug))
        assert response.status_code == 200
        assert "author" in response.context["adminform"].form.errors
        post.refresh_from_db()
        assert post.author == guest

    def test_may_read_but_not_rewrite_their_published_post(self, client, guest):
        post = PostFactory(author=guest, title="Already out")
        client.force_login(guest.user)
        shown = client.get(change_url(post))
        assert shown.status_code == 200
        assert shown.context["has_change_permission"] is False
        response = client.post(
            change_url(post), form_data(guest, slug=post.slug, status="draft")
        )
        assert response.status_code == 403
        post.refresh_from_db()
        assert (post.title, post.status) == ("Already out", "published")

    def test_the_service_refuses_even_without_the_form(self, guest):
        post = PostFactory(author=guest, status=Post.Status.REVIEW, publish_at=None)
        post.status = Post.Status.PUBLISHED
        with pytest.raises(PostWriteDeniedError, match="an editor publishes them"):
            post_save_from_admin(post=post, writer=guest.user)
        post.refresh_from_db()
        assert (post.status, post.publish_at) == ("review", None)


class TestAuthor:
    def test_publishes_their_own_post_now_when_no_time_is_given(self, client, author):
        client.force_login(author.user)
        with time_machine.travel(NOW, tick=False):
            response = client.post(add_url(), form_data(author, status="published"))
        assert response.status_code == 302
        post = Post.objects.get()
        assert (post.status, post.publish_at) == ("published", NOW)

    def test_cannot_open_or_change_another_writers_post(self, client, author, editor):
        post = PostFactory(author=editor, title="Edda's words")
        client.force_login(author.user)
        assert client.get(change_url(post)).status_code == 302  # "no such post"
        response = client.post(
            change_url(post), form_data(author, title="Arno's now", slug=post.slug)
        )
        assert response.status_code == 302
        post.refresh_from_db()
        assert (post.title, post.author) == ("Edda's words", editor)

    def test_cannot_take_over_a_post_through_the_service(self, author, editor):
        post = PostFactory(author=editor, title="Edda's words")
        post.author = author
        with pytest.raises(PostWriteDeniedError, match="your own byline"):
            post_save_from_admin(post=post, writer=author.user)
        post.refresh_from_db()
        assert post.author == editor


class TestEditor:
    def test_publishes_a_guest_post_in_review_on_a_schedule(
        self, client, editor, guest
    ):
        post = PostFactory(author=guest, status=Post.Status.REVIEW, publish_at=None)
        client.force_login(editor.user)
        response = client.post(
            change_url(post),
            form_data(
                guest,
                slug=post.slug,
                status="published",
                publish_at_0="2030-01-06",
                publish_at_1="09:00:00",
            ),
        )
        assert response.status_code == 302
        post.refresh_from_db()
        assert (post.status, post.author, post.publish_at) == (
            "published",
            guest,
            datetime(2030, 1, 6, 9, 0, tzinfo=UTC),
        )

    def test_changelist_labels_scheduled_posts_and_counts_reviews(self, client, editor):
        PostFactory(title="Tomorrow", publish_at=timezone.now() + timedelta(days=1))
        PostFactory(title="Yesterday")
        PostFactory(title="Waiting 1", status="review", publish_at=None)
        PostFactory(title="Waiting 2", status="review", publish_at=None)
        client.force_login(editor.user)
        response = client.get(reverse("admin:blog_post_changelist"))
        assert response.context["title"] == "Select post to change (2 posts in review)"
        labels = {
            post.title: response.context["cl"].model_admin.status_label(post)
            for post in response.context["cl"].result_list
        }
        assert labels == {
            "Tomorrow": "scheduled",
            "Yesterday": "published",
            "Waiting 1": "in review",
            "Waiting 2": "in review",
        }
        reviews = client.get(reverse("admin:blog_post_changelist"), {"state": "review"})
        assert {p.title for p in reviews.context["cl"].result_list} == {
            "Waiting 1",
            "Waiting 2",
        }

    def test_tags_are_saved_with_the_post(self, client, editor):
        tag = TagFactory(name="leadership")
        client.force_login(editor.user)
        client.post(add_url(), form_data(editor, tags=[tag.pk]))
        assert list(Post.objects.get().tags.all()) == [tag]

    def test_featured_image_is_shrunk_to_1600_pixels_wide(self, client, editor):
        client.force_login(editor.user)
        response = client.post(
            add_url(), form_data(editor, featured_image=jpeg(3000, 2000))
        )
        assert response.status_code == 302
        stored = Post.objects.get().featured_image
        with Image.open(stored.path) as image:
            assert (image.format, image.size) == ("JPEG", (1600, 1067))

    def test_a_file_that_is_not_an_image_is_refused_with_the_text_kept(
        self, client, editor
    ):
        client.force_login(editor.user)
        fake = SimpleUploadedFile("team.jpg", b"not a picture", "image/jpeg")
        response = client.post(add_url(), form_data(editor, featured_image=fake))
        assert response.status_code == 200
        assert "featured_image" in response.context["adminform"].form.errors
        assert b"Step *back* and the team steps up." in response.content
        assert not Post.objects.exists()


class TestLinks:
    def test_published_post_has_view_on_site_and_preview(self, client, editor):
        post = PostFactory(author=editor, publish_at=NOW - timedelta(days=1))
        client.force_login(editor.user)
        with time_machine.travel(NOW, tick=False):  # signed tokens carry the time
            response = client.get(change_url(post))
            preview = reverse("blog:preview", args=[post_preview_token(post=post)])
        assert response.context["has_absolute_url"] is True
        content_type = ContentType.objects.get_for_model(Post)
        on_site = client.get(
            reverse("admin:view_on_site", args=[content_type.pk, post.pk])
        )
        assert on_site["Location"] == f"http://testserver/posts/{post.slug}/"
        assert f'href="{preview}"' in response.content.decode()

    def test_draft_has_a_working_preview_but_no_view_on_site(self, client, editor):
        post = PostFactory(author=editor, status="draft", publish_at=None)
        client.force_login(editor.user)
        with time_machine.travel(NOW, tick=False):
            response = client.get(change_url(post))
            expected = reverse("blog:preview", args=[post_preview_token(post=post)])
            assert response.context["preview_url"] == expected
            assert client.get(expected).status_code == 200
        assert response.context["has_absolute_url"] is False

    def test_scheduled_post_has_no_view_on_site(self, client, editor):
        post = PostFactory(author=editor, publish_at=timezone.now() + timedelta(days=2))
        client.force_login(editor.user)
        assert client.get(change_url(post)).context["has_absolute_url"] is False

    def test_new_post_offers_the_editors_own_byline_first(self, client, editor):
        PersonFactory(display_name="Zed Guest")
        client.force_login(editor.user)
        form = client.get(add_url()).context["adminform"].form
        assert form["author"].value() == editor.pk

    def test_body_textarea_points_at_the_preview_endpoint(self, client, editor):
        client.force_login(editor.user)
        html = client.get(add_url()).content.decode()
        assert 'data-preview-url="/admin/blog/post/markdown-preview/"' in html
        assert "blog/admin_preview.js" in html


class TestMarkdownPreview:
    url = "/admin/blog/post/markdown-preview/"

    def test_renders_markdown_through_the_page_sanitizer(self, client, guest):
        client.force_login(guest.user)
        text = "## Hi\n\n**bold** <script>alert(1)</script> [x](javascript:alert(1))"
        response = client.post(self.url, {"text": text})
        assert response.status_code == 200
        assert response.json() == {
            "html": "<h2>Hi</h2>\n"
            "<p><strong>bold</strong>  [x](javascript:alert(1))</p>\n"
        }

    def test_refuses_anonymous_visitors(self, client):
        response = client.post(self.url, {"text": "**hello**"})
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")

    def test_refuses_get(self, client, guest):
        client.force_login(guest.user)
        assert client.get(self.url, {"text": "**hello**"}).status_code == 405

    def test_refuses_staff_who_cannot_write_posts(self, client):
        user = UserFactory(username="clerk", is_staff=True)
        client.force_login(user)
        assert client.post(self.url, {"text": "**hello**"}).status_code == 403

    def test_needs_the_csrf_token(self, guest):
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(guest.user)
        assert strict.post(self.url, {"text": "**hello**"}).status_code == 403


class TestSiteSettings:
    def test_is_a_single_row_that_cannot_be_added_or_deleted(self, admin_client):
        row = SiteSettings.current()
        listing = admin_client.get(reverse("admin:core_sitesettings_changelist"))
        assert listing.status_code == 302
        assert listing["Location"] == reverse(
            "admin:core_sitesettings_change", args=[row.pk]
        )
        assert (
            admin_client.get(reverse("admin:core_sitesettings_add")).status_code == 403
        )
        delete = reverse("admin:core_sitesettings_delete", args=[row.pk])
        assert admin_client.post(delete, {"post": "yes"}).status_code == 403
        assert SiteSettings.objects.count() == 1

    def test_admin_is_branded_with_the_site_name(self, admin_client):
        settings_row = SiteSettings.current()
        settings_row.site_name = "Back Row Notes"
        settings_row.save()
        html = admin_client.get(reverse("admin:index")).content.decode()
        assert '<a href="/admin/">Back Row Notes</a>' in html
        assert "<title>Writing and discussion | Back Row Notes admin</title>" in html
