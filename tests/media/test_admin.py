"""The editor's upload endpoint and the media library, through the admin."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from porch.media.models import Image
from porch.media.services import image_store
from porch.people import roles
from porch.people.models import Person
from porch.people.services import user_role_set
from tests.factories import PersonFactory, PostFactory, UserFactory
from tests.media.pictures import bomb, photo

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:media_image_upload")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def staff(role: str, *, name: str) -> Person:
    user = user_role_set(user=UserFactory(username=name), role=role)
    return PersonFactory(user=user, display_name=name.title(), slug=name)


def signed_in(person: Person) -> Client:
    """A browser that checks CSRF as a real one is held to, with its token cookie."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(person.user)
    client.get(reverse("admin:blog_post_add"))  # sets the csrftoken cookie
    return client


def upload(client: Client, picture, alt: str = "Boats in the harbour"):
    token = client.cookies["csrftoken"].value
    return client.post(
        UPLOAD, {"file": picture, "alt": alt}, headers={"X-CSRFToken": token}
    )


@pytest.mark.parametrize("role", [roles.AUTHOR, roles.GUEST_CONTRIBUTOR])
def test_a_writer_uploads_a_picture_and_gets_its_markdown(role):
    client = signed_in(staff(role, name="ada"))
    response = upload(client, photo())
    assert response.status_code == 201
    image = Image.objects.get()
    assert response.json() == {
        "url": image.url,
        "alt": "Boats in the harbour",
        "markdown": f"![Boats in the harbour]({image.url})",
        "width": 2000,
        "height": 1000,
    }
    assert image.uploaded_by == staff_user("ada")


def staff_user(name: str):
    return Person.objects.get(slug=name).user


def test_an_upload_without_the_csrf_token_is_refused():
    client = signed_in(staff(roles.AUTHOR, name="ada"))
    response = client.post(UPLOAD, {"file": photo(), "alt": "Boats"})
    assert response.status_code == 403
    assert not Image.objects.exists()


def test_someone_signed_out_cannot_upload():
    response = Client().post(UPLOAD, {"file": photo(), "alt": "Boats"})
    assert response.status_code == 302
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("picture", "alt", "error"),
    [
        (photo(), "", "Describe harbour.jpg first"),
        (bomb(), "Nothing", "tiny.png has too many pixels (100 megapixels)"),
    ],
)
def test_refusals_answer_400_with_the_reason(media_root, picture, alt, error):
    client = signed_in(staff(roles.AUTHOR, name="ada"))
    response = upload(client, picture, alt=alt)
    assert response.status_code == 400
    assert response.json()["error"].startswith(error)
    assert not Image.objects.exists()
    assert not any(media_root.rglob("*.*"))


def test_the_library_add_form_stores_a_picture_without_javascript():
    editor = staff(roles.EDITOR, name="edda")
    client = Client()
    client.force_login(editor.user)
    response = client.post(
        reverse("admin:media_image_add"),
        {"upload": photo(), "alt": "Nets drying on the quay"},
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.alt, image.width, image.uploaded_by) == (
        "Nets drying on the quay",
        2000,
        editor.user,
    )


def test_the_library_add_form_shows_why_a_file_is_refused():
    client = Client()
    client.force_login(staff(roles.EDITOR, name="edda").user)
    response = client.post(
        reverse("admin:media_image_add"),
        {"upload": bomb(), "alt": "Nothing much"},
    )
    assert response.status_code == 200
    assert "tiny.png has too many pixels (100 megapixels)" in response.content.decode()
    assert not Image.objects.exists()


def test_the_library_lists_pictures_with_thumbnails_and_the_posts_using_them():
    image = image_store(file=photo(), name="harbour.jpg", size=1, alt="The harbour")
    PostFactory(title="A morning at the harbour", body=f"Look:\n\n{image.markdown}")
    client = Client()
    client.force_login(staff(roles.EDITOR, name="edda").user)
    page = client.get(reverse("admin:media_image_changelist")).content.decode()
    assert image.thumbnail_url in page
    assert image.thumbnail_url.endswith(".480w.jpg")
    assert "The harbour" in page
    assert "A morning at the harbour" in page


def test_deleting_a_picture_a_post_uses_is_refused(media_root):
    image = image_store(file=photo(), name="harbour.jpg", size=1, alt="The harbour")
    PostFactory(title="A morning at the harbour", body=f"Look:\n\n{image.markdown}")
    client = Client()
    client.force_login(staff(roles.EDITOR, name="edda").user)
    url = reverse("admin:media_image_delete", args=[image.pk])
    page = client.get(url).content.decode()
    assert "The harbour — used in “A morning at the harbour”" in page
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert Image.objects.filter(pk=image.pk).exists()
    assert len(list(media_root.rglob("*.jpg"))) == 4


def test_deleting_an_unused_picture_removes_its_files(
    media_root, django_capture_on_commit_callbacks
):
    image = image_store(file=photo(), name="harbour.jpg", size=1, alt="The harbour")
    client = Client()
    client.force_login(staff(roles.EDITOR, name="edda").user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Image.objects.exists()
    assert not any(media_root.rglob("*.jpg"))


def test_an_editor_picks_the_default_share_image_from_the_library():
    image = image_store(file=photo(), name="porch.jpg", size=1, alt="The porch")
    client = Client()
    client.force_login(staff(roles.EDITOR, name="edda").user)
    changelist = reverse("admin:media_image_changelist")
    chosen = {"action": "make_default_share_image", "_selected_action": [image.pk]}
    response = client.post(changelist, chosen, follow=True)
    assert "“The porch” is now the default share image." in response.content.decode()
    assert Image.objects.get(is_default_share_image=True) == image
    client.post(
        changelist,
        {"action": "clear_default_share_image", "_selected_action": [image.pk]},
    )
    assert not Image.objects.filter(is_default_share_image=True).exists()
