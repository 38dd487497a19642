"""The admin's "Personal data" page: the host downloads or erases one commenter's
data, with Django's CSRF check, a confirmation that counts, and an audit row."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from porch.comments.models import Comment, Subscription
from porch.people import roles
from porch.privacy.models import PrivacyRequest
from tests.desk.desk_helpers import member
from tests.privacy.database_text import database_text
from tests.privacy.scene import ADA_EMAIL, ADA_NAME, ADA_TEXTS, scene_build

pytestmark = pytest.mark.django_db

PAGE = "/admin/privacy/privacyrequest/personal-data/"


def csrf_client(user) -> tuple[Client, str]:
    """A browser that sends Django's CSRF token, as the admin's forms do."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.get(PAGE)
    assert response.status_code == 200
    return client, response.cookies["csrftoken"].value


def test_the_page_is_linked_from_the_list_of_requests():
    scene = scene_build()
    client = Client()
    client.force_login(scene.host)
    assert reverse("admin:privacy_personal_data") == PAGE
    assert "Personal data" in client.get(reverse("admin:index")).content.decode()
    listing = client.get(reverse("admin:privacy_privacyrequest_changelist"))
    assert PAGE in listing.content.decode()


def test_the_host_downloads_the_export_and_it_is_audited():
    scene = scene_build()
    client, token = csrf_client(scene.host)

    response = client.post(
        PAGE,
        {"csrfmiddlewaretoken": token, "email": ADA_EMAIL.upper(), "do": "export"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="personal-data-'
    )
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert {comment["text"] for comment in data["comments"]} == {
        ADA_TEXTS["top"],
        ADA_TEXTS["reply"],
        ADA_TEXTS["spam"],
        ADA_TEXTS["after_edit"],
    }
    audit = PrivacyRequest.objects.get()
    assert (audit.action, audit.via, audit.actor) == ("export", "admin", scene.host)


def test_erasing_asks_first_with_the_counts_then_erases():
    scene = scene_build()
    client, token = csrf_client(scene.host)

    asked = client.post(
        PAGE, {"csrfmiddlewaretoken": token, "email": ADA_EMAIL, "do": "erase"}
    )

    page = asked.content.decode()
    assert asked.status_code == 200
    assert "4 comments" in page
    assert "1 with replies by others" in page
    assert "2 subscriptions, removed" in page
    assert "3 moderation examples, deleted" in page
    assert Comment.objects.get(pk=scene.ada_top.pk).author_name == ADA_NAME
    assert not PrivacyRequest.objects.exists()

    done = client.post(
        PAGE,
        {
            "csrfmiddlewaretoken": token,
            "email": ADA_EMAIL.lower(),
            "mode": "delete",
            "do": "erase-confirmed",
        },
        follow=True,
    )

    assert done.redirect_chain == [
        (reverse("admin:privacy_privacyrequest_changelist"), 302)
    ]
    assert "3 comment(s) deleted" in done.content.decode()
    assert Comment.objects.get(pk=scene.ada_top.pk).status == "removed"
    assert not Comment.objects.filter(pk=scene.ada_reply.pk).exists()
    assert not Subscription.objects.filter(email__iexact=ADA_EMAIL).exists()
    audit = PrivacyRequest.objects.get()
    assert (audit.action, audit.via, audit.actor) == ("delete", "admin", scene.host)
    assert ADA_EMAIL.lower() not in database_text().lower()


def test_the_default_erasure_anonymises():
    scene = scene_build()
    client, token = csrf_client(scene.host)
    response = client.post(
        PAGE,
        {
            "csrfmiddlewaretoken": token,
            "email": ADA_EMAIL,
            "mode": "anonymise",
            "do": "erase-confirmed",
        },
    )
    assert response.status_code == 302
    stored = Comment.objects.get(pk=scene.ada_top.pk)
    assert (stored.author_name, stored.body) == ("Anonymous", ADA_TEXTS["top"])


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing():
    scene = scene_build()
    client, _token = csrf_client(scene.host)
    before = database_text()

    for do in ("export", "erase-confirmed"):
        response = client.post(PAGE, {"email": ADA_EMAIL, "mode": "delete", "do": do})
        assert response.status_code == 403

    assert database_text() == before


@pytest.mark.parametrize("role", [roles.EDITOR, roles.AUTHOR])
def test_only_the_host_may_see_or_use_the_page(role):
    scene_build()
    someone = member(role, "staffer")
    client = Client()
    client.force_login(someone)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Personal data" not in index
    before = database_text()

    assert client.get(PAGE).status_code == 403
    response = client.post(
        PAGE, {"email": ADA_EMAIL, "mode": "delete", "do": "erase-confirmed"}
    )
    assert response.status_code == 403
    assert database_text() == before


def test_a_reader_who_is_not_signed_in_is_sent_to_the_login():
    response = Client().post(
        PAGE, {"email": ADA_EMAIL, "mode": "delete", "do": "erase-confirmed"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_bad_address_shows_the_form_again_with_the_error():
    scene = scene_build()
    client, token = csrf_client(scene.host)
    before = database_text()

    response = client.post(
        PAGE, {"csrfmiddlewaretoken": token, "email": "ada at home", "do": "erase"}
    )

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert 'value="ada at home"' in response.content.decode()
    assert database_text() == before
