"""The admin's login page is a public write: guessing passwords is rate limited."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def login(client, password, *, ip="203.0.113.5", username="host"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def test_the_eleventh_try_in_a_minute_is_refused_even_with_the_right_password(client):
    UserFactory(username="host", password="correct horse", is_staff=True)
    tries = [login(client, f"guess {n}").status_code for n in range(10)]

    refused = login(client, "correct horse")

    assert tries == [200] * 10
    assert refused.status_code == 200
    assert "Too many login attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_another_address_may_still_log_in(client):
    UserFactory(username="host", password="correct horse", is_staff=True)
    for n in range(11):
        login(client, f"guess {n}")

    response = login(client, "correct horse", ip="203.0.113.77")

    assert (response.status_code, response["Location"]) == (302, "/admin/")
