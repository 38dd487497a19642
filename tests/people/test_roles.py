"""Roles: the groups migrate creates, what each role sees and may do in the admin."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from porch.blog.models import Post
from porch.people import roles
from porch.people.models import Person
from porch.people.services import user_role_set
from tests.factories import PersonFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def staff(role: str, *, name: str) -> Person:
    """A signed-up writer with ``role`` and the byline linked to their login."""
    user = user_role_set(user=UserFactory(username=name), role=role)
    return PersonFactory(user=user, display_name=name.title(), slug=name)


def permission_codes(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {
        f"{perm.content_type.app_label}.{perm.codename}"
        for perm in group.permissions.select_related("content_type")
    }


def listed_titles(client, person: Person) -> set[str]:
    client.force_login(person.user)
    response = client.get(reverse("admin:blog_post_changelist"))
    assert response.status_code == 200
    return {post.title for post in response.context["cl"].result_list}


def test_roles_exist_after_migrate_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "host",
        "editor",
        "author",
        "guest contributor",
    }
    own_profile = {
        "people.view_person",
        "people.change_person",
        "people.add_book",
        "people.change_book",
        "people.delete_book",
        "people.view_book",
    }
    reading_terms = {"blog.view_tag", "blog.view_category", "blog.view_series"}
    writing = {"blog.add_post", "blog.change_post", "blog.view_post"}
    uploading = {"media.add_image", "media.view_image"}
    assert permission_codes(roles.GUEST_CONTRIBUTOR) == (
        writing | reading_terms | own_profile | uploading
    )
    assert permission_codes(roles.AUTHOR) == (
        writing
        | reading_terms
        | own_profile
        | uploading
        | {"blog.publish_post", "blog.add_tag"}
    )
    editor = permission_codes(roles.EDITOR)
    assert {"blog.publish_post", "blog.delete_post", "people.add_person"} <= editor
    assert {"media.add_image", "media.delete_image"} <= editor
    assert "core.change_sitesettings" not in editor
    assert permission_codes(roles.HOST) == set()


def test_roles_sync_is_idempotent():
    roles.roles_sync()
    roles.roles_sync()
    assert Group.objects.filter(name__in=roles.ROLES).count() == 4
    assert "blog.publish_post" not in permission_codes(roles.GUEST_CONTRIBUTOR)


def test_a_role_replaces_the_previous_one_and_opens_the_admin():
    user = UserFactory(username="dana")
    user_role_set(user=user, role=roles.AUTHOR)
    user_role_set(user=user, role=roles.GUEST_CONTRIBUTOR)
    user.refresh_from_db()
    assert list(user.groups.values_list("name", flat=True)) == ["guest contributor"]
    assert (user.is_staff, user.is_superuser) == (True, False)
    assert roles.user_role(user) == roles.GUEST_CONTRIBUTOR


def test_a_new_role_shows_at_once_on_the_same_user_object():
    user = user_role_set(user=UserFactory(username="dana"), role=roles.AUTHOR)
    assert roles.user_role(user) == roles.AUTHOR

    user_role_set(user=user, role=roles.GUEST_CONTRIBUTOR)

    assert roles.user_role(user) == roles.GUEST_CONTRIBUTOR
    assert not roles.user_can_publish(user)


def test_an_admin_page_looks_the_role_up_once(client):
    guest = staff(roles.GUEST_CONTRIBUTOR, name="gina")
    post = PostFactory(author=guest, status=Post.Status.DRAFT, publish_at=None)
    client.force_login(guest.user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:blog_post_change", args=[post.pk]))

    assert response.status_code == 200
    role_lookups = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "auth_group"."name"')
    ]
    assert len(role_lookups) == 1


def test_host_is_a_superuser_until_demoted():
    user = user_role_set(user=UserFactory(username="hana"), role=roles.HOST)
    assert user.is_superuser
    user_role_set(user=user, role=roles.EDITOR)
    user.refresh_from_db()
    assert (user.is_superuser, roles.user_role(user)) == (False, roles.EDITOR)


def test_unknown_role_is_refused_and_nothing_changes():
    user = UserFactory(username="omar")
    with pytest.raises(ValueError, match="unknown role 'admin'"):
        user_role_set(user=user, role="admin")
    user.refresh_from_db()
    assert (user.is_staff, user.groups.count()) == (False, 0)


class TestWhoSeesWhichPosts:
    @pytest.fixture(autouse=True)
    def _posts(self):
        self.guest = staff(roles.GUEST_CONTRIBUTOR, name="gina")
        self.author = staff(roles.AUTHOR, name="arno")
        self.editor = staff(roles.EDITOR, name="edda")
        self.host = staff(roles.HOST, name="hugo")
        PostFactory(title="Gina's draft", author=self.guest, status=Post.Status.DRAFT)
        PostFactory(title="Gina's live post", author=self.guest)
        PostFactory(title="Arno's post", author=self.author)
        PostFactory(title="Edda's review", author=self.editor, status="review")
        PostFactory(title="A guest with no login", author=PersonFactory())

    everything = {
        "Gina's draft",
        "Gina's live post",
        "Arno's post",
        "Edda's review",
        "A guest with no login",
    }

    def test_guest_contributor_sees_only_their_own(self, client):
        assert listed_titles(client, self.guest) == {"Gina's draft", "Gina's live post"}

    def test_author_sees_only_their_own(self, client):
        assert listed_titles(client, self.author) == {"Arno's post"}

    def test_editor_sees_everything(self, client):
        assert listed_titles(client, self.editor) == self.everything

    def test_host_sees_everything(self, client):
        assert listed_titles(client, self.host) == self.everything

    def test_staff_without_a_byline_sees_nothing(self, client):
        user = user_role_set(user=UserFactory(username="nobody"), role=roles.AUTHOR)
        client.force_login(user)
        response = client.get(reverse("admin:blog_post_changelist"))
        assert list(response.context["cl"].result_list) == []


class TestOwnProfile:
    def test_guest_contributor_edits_their_bio_and_nobody_elses(self, client):
        guest = staff(roles.GUEST_CONTRIBUTOR, name="gina")
        other = PersonFactory(display_name="Someone Else", bio="Untouched.")
        client.force_login(guest.user)

        listing = client.get(reverse("admin:people_person_changelist"))
        assert [p.display_name for p in listing.context["cl"].result_list] == ["Gina"]

        data = {
            "display_name": "Gina",
            "email": "",
            "bio": "Coaches *quiet* teams.",
            "site_name": "",
            "site_url": "",
            "books-TOTAL_FORMS": "1",
            "books-INITIAL_FORMS": "0",
            "books-0-title": "Walking Beside",
            "books-0-url": "",
            "books-0-position": "0",
        }
        response = client.post(
            reverse("admin:people_person_change", args=[guest.pk]), data
        )
        assert response.status_code == 302
        guest.refresh_from_db()
        assert guest.bio_html == "<p>Coaches <em>quiet</em> teams.</p>\n"
        assert [book.title for book in guest.books.all()] == ["Walking Beside"]

        refused = client.post(
            reverse("admin:people_person_change", args=[other.pk]),
            {**data, "display_name": "Hijacked"},
        )
        assert refused.status_code == 302  # the admin's "no such person" redirect
        other.refresh_from_db()
        assert (other.display_name, other.bio) == ("Someone Else", "Untouched.")

    def test_addresses_typed_without_a_scheme_are_saved_as_https(self, client):
        guest = staff(roles.GUEST_CONTRIBUTOR, name="gina")
        client.force_login(guest.user)
        response = client.post(
            reverse("admin:people_person_change", args=[guest.pk]),
            {
                "display_name": "Gina",
                "bio": "",
                "site_name": "Quiet Mornings",
                "site_url": "quiet-mornings.example",
                "books-TOTAL_FORMS": "1",
                "books-INITIAL_FORMS": "0",
                "books-0-title": "Walking Beside",
                "books-0-url": "books.example/walking-beside",
                "books-0-position": "0",
            },
        )
        assert response.status_code == 302
        guest.refresh_from_db()
        assert guest.site_url == "https://quiet-mornings.example"
        assert [book.url for book in guest.books.all()] == [
            "https://books.example/walking-beside"
        ]

    def test_guest_contributor_cannot_relink_their_profile(self, client):
        guest = staff(roles.GUEST_CONTRIBUTOR, name="gina")
        intruder = UserFactory(username="intruder")
        client.force_login(guest.user)
        client.post(
            reverse("admin:people_person_change", args=[guest.pk]),
            {
                "display_name": "Gina",
                "slug": "stolen",
                "user": intruder.pk,
                "bio": "",
                "books-TOTAL_FORMS": "0",
                "books-INITIAL_FORMS": "0",
            },
        )
        guest.refresh_from_db()
        assert (guest.slug, guest.user.username) == ("gina", "gina")


def test_profile_photo_is_fitted_into_600_pixels(client):
    guest = staff(roles.GUEST_CONTRIBUTOR, name="gina")
    buffer = BytesIO()
    Image.new("RGB", (1200, 1800), (90, 60, 30)).save(buffer, format="PNG")
    client.force_login(guest.user)
    response = client.post(
        reverse("admin:people_person_change", args=[guest.pk]),
        {
            "display_name": "Gina",
            "bio": "",
            "photo": SimpleUploadedFile("me.png", buffer.getvalue(), "image/png"),
            "books-TOTAL_FORMS": "0",
            "books-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    guest.refresh_from_db()
    with Image.open(guest.photo.path) as photo:
        assert (photo.format, photo.size) == ("PNG", (400, 600))
